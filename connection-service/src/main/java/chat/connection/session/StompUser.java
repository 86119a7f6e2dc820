package chat.connection.session;

import java.security.Principal;
import java.time.Instant;

/**
 * The authenticated user of one STOMP session. The name never changes; the token and its
 * expiry change when the client refreshes its token in band.
 *
 * <p>
 * Thread-safe: the credentials are replaced together, as one immutable value.
 */
public final class StompUser implements Principal {

	/**
	 * @param token the bearer token, kept in memory only, to ask the message service on
	 * the user's behalf
	 * @param issuedAt the token's {@code iat}, or null; compared with revocations
	 * @param expiresAt the token's {@code exp}; the session is closed then
	 */
	public record Credentials(String token, Instant issuedAt, Instant expiresAt) {
	}

	private final String name;

	private volatile Credentials credentials;

	public StompUser(String name, Credentials credentials) {
		this.name = name;
		this.credentials = credentials;
	}

	@Override
	public String getName() {
		return this.name;
	}

	/** The current bearer token. */
	public String token() {
		return this.credentials.token();
	}

	/** When the current token expires. */
	public Instant expiresAt() {
		return this.credentials.expiresAt();
	}

	Credentials credentials() {
		return this.credentials;
	}

	void refreshed(Credentials next) {
		this.credentials = next;
	}

	@Override
	public String toString() {
		return "StompUser[" + this.name + "]";
	}

}
