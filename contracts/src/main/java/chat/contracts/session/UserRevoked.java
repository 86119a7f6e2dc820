package chat.contracts.session;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * An administrator revoked a user's sessions (logout everywhere, ban): every edge node
 * closes the user's sessions and refuses tokens issued ({@code iat}) before
 * {@code revokedAt}. Key: userId.
 */
public record UserRevoked(UUID eventId, Instant occurredAt, String userId, Instant revokedAt,
		String revokedBy) implements ChatRecord {

	public static final String TYPE = "chat.session.user-revoked.v1";

	@Override
	public String key() {
		return this.userId;
	}

	@Override
	public String type() {
		return TYPE;
	}

}
