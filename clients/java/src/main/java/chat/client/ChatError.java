package chat.client;

/**
 * What went wrong: a server error code ({@code UNAUTHORIZED}, {@code TOKEN_EXPIRED},
 * {@code REVOKED}, {@code RATE_LIMITED}, {@code OVERLOADED}, {@code INVALID}, …, see
 * {@code docs/protocol.md}) or one of the client's own codes below.
 *
 * @param code the code
 * @param message a human-readable explanation (never message text or a token)
 */
public record ChatError(String code, String message) {

	/** No ack after the timeout and every retry. */
	public static final String TIMEOUT = "TIMEOUT";

	/** The connection dropped (socket closed, heart-beats missing). */
	public static final String CONNECTION_LOST = "CONNECTION_LOST";

	/** The token supplier failed or returned nothing. */
	public static final String TOKEN_SUPPLIER_FAILED = "TOKEN_SUPPLIER_FAILED";

	/** The token supplier returned a token the server had already refused. */
	public static final String TOKEN_REJECTED = "TOKEN_REJECTED";

	/** A send while the client was suspended, in error or closed: it failed fast. */
	public static final String NOT_CONNECTED = "NOT_CONNECTED";

	/** The client was closed. */
	public static final String CLOSED = "CLOSED";

	@Override
	public String toString() {
		return this.code + ": " + this.message;
	}

}
