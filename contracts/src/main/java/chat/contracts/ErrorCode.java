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
	 * The caller sent faster than the edge allows; retry after {@code retryAfterMs} with
	 * the same clientMessageId.
	 */
	RATE_LIMITED,
	/**
	 * The edge is shedding load; retry after {@code retryAfterMs} (with the same
	 * clientMessageId for a send). On CONNECT: the node is full, try again or elsewhere.
	 */
	OVERLOADED,
	/**
	 * A per-session or per-user limit (subscriptions, sessions, conversation members) is
	 * reached; the frame or request was refused and changed nothing.
	 */
	LIMIT_EXCEEDED,
	/**
	 * The user's sessions were revoked (logout, ban); tokens issued before the revocation
	 * are refused.
	 */
	REVOKED,
	/**
	 * The server could not take the frame; retrying with the same clientMessageId is
	 * safe.
	 */
	INTERNAL

}
