package chat.presence.online;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import chat.contracts.presence.NodeHeartbeat;

/**
 * Puts each node's heartbeat together from its parts, which come in order on the node's
 * partition. A part out of sequence (one was lost, or a newer heartbeat began) drops the
 * unfinished heartbeat: the next one, a few seconds later, carries the same state. Not
 * thread-safe; {@link Presence} calls it under its lock.
 */
final class HeartbeatParts {

	private final Map<String, Pending> byNode = new HashMap<>();

	private static final class Pending {

		private final Instant occurredAt;

		private final int parts;

		private int received;

		private final Map<String, String> userBySession = new HashMap<>();

		Pending(Instant occurredAt, int parts) {
			this.occurredAt = occurredAt;
			this.parts = parts;
		}

	}

	/**
	 * @return the whole heartbeat's sessions (session id → user id) when {@code part} is
	 * its last part; otherwise null
	 */
	Map<String, String> add(NodeHeartbeat part) {
		Pending pending = (part.part() == 1) ? new Pending(part.occurredAt(), part.parts())
				: this.byNode.get(part.nodeId());
		if (pending == null || !pending.occurredAt.equals(part.occurredAt()) || pending.parts != part.parts()
				|| pending.received + 1 != part.part()) {
			this.byNode.remove(part.nodeId());
			return null;
		}
		part.sessions().forEach(live -> pending.userBySession.put(live.sessionId(), live.userId()));
		pending.received++;
		if (pending.received == pending.parts) {
			this.byNode.remove(part.nodeId());
			return pending.userBySession;
		}
		this.byNode.put(part.nodeId(), pending);
		return null;
	}

}
