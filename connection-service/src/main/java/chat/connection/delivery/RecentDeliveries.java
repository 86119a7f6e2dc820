package chat.connection.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Remembers the highest seq fanned out per conversation, so that a message re-emitted for
 * a retried or redelivered send is acked again but not shown to subscribers twice. A
 * conversation's messages arrive in seq order on one partition (re-emissions later than
 * the original), so "not above the highest" means "already shown".
 *
 * <p>
 * Bounded: at most {@code capacity} conversations, the least recently active forgotten
 * first (about 100 bytes each). Clients still deduplicate by seq: a forgotten
 * conversation, or a restart of this node, can let a re-emission through once.
 *
 * <p>
 * Thread-safe (fan-out listener threads).
 */
final class RecentDeliveries {

	static final int DEFAULT_CAPACITY = 100_000;

	private final Map<UUID, Long> highest;

	RecentDeliveries() {
		this(DEFAULT_CAPACITY);
	}

	RecentDeliveries(int capacity) {
		this.highest = new LinkedHashMap<>(1024, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<UUID, Long> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * @return true the first time {@code seq} of {@code conversationId} is offered
	 */
	synchronized boolean firstDelivery(UUID conversationId, long seq) {
		Long known = this.highest.get(conversationId);
		if (known != null && seq <= known) {
			return false;
		}
		this.highest.put(conversationId, seq);
		return true;
	}

	synchronized int size() {
		return this.highest.size();
	}

}
