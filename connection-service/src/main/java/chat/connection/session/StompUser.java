package chat.connection.session;

import java.security.Principal;
import java.time.Instant;

/**
 * The authenticated user of one STOMP session.
 *
 * @param name the token's {@code sub}
 * @param token the bearer token, kept in memory only, to ask the message service on the
 * user's behalf
 * @param expiresAt the token's {@code exp}; the session is closed then
 */
public record StompUser(String name, String token, Instant expiresAt) implements Principal {

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String toString() {
		return "StompUser[" + this.name + "]";
	}

}
