package chat.contracts.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * An edge node is alive and these sessions are open on it at {@code occurredAt}. Sent
 * every few seconds as {@code parts} records of at most {@value #MAX_SESSIONS_PER_PART}
 * sessions each, all with the same {@code occurredAt}, in order on the node's partition:
 * one record of every session would pass Kafka's 1 MB record limit at about 13,000
 * sessions. The presence service applies a heartbeat once it has all of its parts; a node
 * whose heartbeats stop has its sessions dropped after the presence service's lease. Key:
 * nodeId.
 *
 * @param sessions this part's sessions, sorted by session id (and the parts in that
 * order)
 * @param part which part this is, 1 to {@code parts} (absent in records from before
 * parts: 1)
 * @param parts how many parts the heartbeat has (absent: 1)
 */
public record NodeHeartbeat(UUID eventId, Instant occurredAt, String nodeId, List<LiveSession> sessions, Integer part,
		Integer parts) implements ConnectionEvent {

	public static final String TYPE = "chat.connection.node-heartbeat.v1";

	/**
	 * Sessions per record: a thousand of the longest user ids (255 characters) are about
	 * 330 KB of JSON.
	 */
	public static final int MAX_SESSIONS_PER_PART = 1000;

	public NodeHeartbeat {
		sessions = sessions.stream().sorted(Comparator.comparing(LiveSession::sessionId)).toList();
		if (part == null || parts == null) {
			part = 1;
			parts = 1;
		}
	}

	/** A heartbeat in one part. */
	public NodeHeartbeat(UUID eventId, Instant occurredAt, String nodeId, List<LiveSession> sessions) {
		this(eventId, occurredAt, nodeId, sessions, 1, 1);
	}

	/** The parts of the heartbeat of a node with these sessions open, in order. */
	public static List<NodeHeartbeat> of(Instant occurredAt, String nodeId, Collection<LiveSession> sessions) {
		List<LiveSession> sorted = sessions.stream().sorted(Comparator.comparing(LiveSession::sessionId)).toList();
		int parts = Math.max(1, (sorted.size() + MAX_SESSIONS_PER_PART - 1) / MAX_SESSIONS_PER_PART);
		List<NodeHeartbeat> out = new ArrayList<>(parts);
		for (int i = 0; i < parts; i++) {
			List<LiveSession> slice = sorted.subList(i * MAX_SESSIONS_PER_PART,
					Math.min(sorted.size(), (i + 1) * MAX_SESSIONS_PER_PART));
			out.add(new NodeHeartbeat(UUID.randomUUID(), occurredAt, nodeId, slice, i + 1, parts));
		}
		return out;
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
