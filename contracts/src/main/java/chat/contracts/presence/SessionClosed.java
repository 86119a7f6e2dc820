package chat.contracts.presence;

import java.time.Instant;
import java.util.UUID;

/** A STOMP session ended (disconnect, socket closed, token expired). Key: userId. */
public record SessionClosed(UUID eventId, Instant occurredAt, String userId, String sessionId,
		String nodeId) implements ConnectionEvent {

	public static final String TYPE = "chat.connection.session-closed.v1";

	@Override
	public String key() {
		return this.userId;
	}

	@Override
	public String type() {
		return TYPE;
	}

}
