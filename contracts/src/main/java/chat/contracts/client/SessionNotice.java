package chat.contracts.client;

import java.time.Instant;

/**
 * Sent to {@code /user/queue/session} of one session: something about the session itself.
 *
 * @param type {@value #TOKEN_EXPIRING} (refresh before {@code expiresAt} or be closed),
 * {@value #TOKEN_REFRESHED} (the session now lives until {@code expiresAt}) or
 * {@value #SERVER_DRAINING} (this node is shutting down: reconnect now)
 * @param expiresAt the token's expiry, for the token notices; otherwise absent
 */
public record SessionNotice(String type, Instant expiresAt) {

	public static final String TOKEN_EXPIRING = "token.expiring";

	public static final String TOKEN_REFRESHED = "token.refreshed";

	public static final String SERVER_DRAINING = "server.draining";

	public static SessionNotice tokenExpiring(Instant expiresAt) {
		return new SessionNotice(TOKEN_EXPIRING, expiresAt);
	}

	public static SessionNotice tokenRefreshed(Instant expiresAt) {
		return new SessionNotice(TOKEN_REFRESHED, expiresAt);
	}

	public static SessionNotice serverDraining() {
		return new SessionNotice(SERVER_DRAINING, null);
	}

}
