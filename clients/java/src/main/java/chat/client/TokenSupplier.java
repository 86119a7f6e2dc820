package chat.client;

import java.util.concurrent.CompletionStage;

/**
 * Where the client gets its JWTs. Called before every CONNECT, when the server warns that
 * the session's token expires soon ({@code token.expiring}; the new token is then sent in
 * band), and when the server said {@code TOKEN_EXPIRED} or a REST call answered 401. The
 * client never sends a token the server has refused; a supplier that returns one, fails,
 * or completes with {@code null} puts the client in {@link ConnectionState.Error}.
 *
 * <p>
 * Called on the client's thread: return at once (a completed stage for a cached token, or
 * a stage completed later by your own I/O). Calls do not overlap: while one is pending,
 * every request shares it.
 */
@FunctionalInterface
public interface TokenSupplier {

	/**
	 * A token for this client's user.
	 * @param reason why a token is needed
	 * @return the token (without {@code Bearer })
	 */
	CompletionStage<String> token(Reason reason);

	/** Why a token is asked for. */
	enum Reason {

		/** Before a CONNECT: a cached token is fine if it is still valid. */
		CONNECT,

		/** The server warned that the session's token expires soon: a fresh one. */
		EXPIRING,

		/**
		 * The server refused the last token as expired: a fresh one, not the cached one.
		 */
		EXPIRED

	}

}
