package chat.connection.delivery;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the last {@value #PER_CONVERSATION} seqs fanned out per conversation, so that
 * a message re-emitted for a retried or redelivered send is acked again but not shown to
 * subscribers twice. Clients still deduplicate by seq: this node forgets everything on
 * restart.
 */
class RecentDeliveries {

	static final int PER_CONVERSATION = 1024;

	private final Map<UUID, Window> windows = new ConcurrentHashMap<>();

	/**
	 * @return true the first time {@code seq} of {@code conversationId} is offered
	 */
	boolean firstDelivery(UUID conversationId, long seq) {
		return this.windows.computeIfAbsent(conversationId, id -> new Window()).add(seq);
	}

	private static final class Window {

		private final Set<Long> seen = new HashSet<>();

		private final ArrayDeque<Long> order = new ArrayDeque<>();

		synchronized boolean add(long seq) {
			if (!this.seen.add(seq)) {
				return false;
			}
			this.order.addLast(seq);
			if (this.order.size() > PER_CONVERSATION) {
				this.seen.remove(this.order.removeFirst());
			}
			return true;
		}

	}

}
