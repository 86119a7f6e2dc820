package chat.contracts;

/**
 * Error codes of the client protocol, used in REJECTED acks and on
 * {@code /user/queue/errors}.
 */
public enum ErrorCode {

	/** No valid token on CONNECT. */
	UNAUTHORIZED,
	/** The session's token expired; reconnect with a fresh one. */
	TOKEN_EXPIRED,
	/** The caller is not a member of the conversation. */
	NOT_MEMBER,
	/** The conversation does not exist (or its id is not a valid id). */
	NOT_FOUND,
	/**
	 * The frame is malformed: bad JSON, a missing field, a bad id, forbidden characters.
	 */
	INVALID,
	/** The text is longer than 1000 code points after NFC normalisation. */
	TOO_LONG,
	/**
	 * The caller sent faster than the edge allows; retry later with the same
	 * clientMessageId.
	 */
	RATE_LIMITED,
	/**
	 * The server could not take the frame; retrying with the same clientMessageId is
	 * safe.
	 */
	INTERNAL

}
