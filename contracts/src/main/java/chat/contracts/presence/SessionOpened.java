package chat.contracts.presence;

import java.time.Instant;
import java.util.UUID;

/**
 * A STOMP session of {@code userId} was authenticated on edge node {@code nodeId}. Key:
 * userId.
 */
public record SessionOpened(UUID eventId, Instant occurredAt, String userId, String sessionId,
		String nodeId) implements ConnectionEvent {

	public static final String TYPE = "chat.connection.session-opened.v1";

	@Override
	public String key() {
		return this.userId;
	}

	@Override
	public String type() {
		return TYPE;
	}

}
