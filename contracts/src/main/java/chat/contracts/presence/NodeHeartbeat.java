package chat.contracts.presence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An edge node is alive and these sessions are open on it at {@code occurredAt}. Sent
 * every few seconds; a node whose heartbeats stop has its sessions dropped after the
 * presence service's lease. Key: nodeId.
 *
 * @param sessions every session open on the node, sorted by session id
 */
public record NodeHeartbeat(UUID eventId, Instant occurredAt, String nodeId,
		List<LiveSession> sessions) implements ConnectionEvent {

	public static final String TYPE = "chat.connection.node-heartbeat.v1";

	public NodeHeartbeat {
		sessions = sessions.stream().sorted(java.util.Comparator.comparing(LiveSession::sessionId)).toList();
	}

	/** One open session. */
	public record LiveSession(String userId, String sessionId) {

	}

	@Override
	public String key() {
		return this.nodeId;
	}

	@Override
	public String type() {
		return TYPE;
	}

}
