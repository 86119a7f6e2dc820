package chat.client;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The members' delivered and read watermarks of one conversation and what they make of a
 * message's status: delivered once every other member's delivered watermark reached its
 * seq, read likewise (docs/protocol.md). Watermarks only move forward; read implies
 * delivered.
 */
final class Receipts {

	private final Supplier<String> me;

	private final Set<String> members = new HashSet<>();

	private final Map<String, long[]> marks = new HashMap<>();

	Receipts(Supplier<String> me) {
		this.me = me;
	}

	void members(Iterable<String> memberIds) {
		this.members.clear();
		memberIds.forEach(this.members::add);
	}

	/** Returns whether anything moved. */
	boolean update(String userId, long delivered, long read) {
		long[] mark = this.marks.computeIfAbsent(userId, id -> new long[2]);
		long newRead = Math.max(mark[1], read);
		long newDelivered = Math.max(Math.max(mark[0], delivered), newRead);
		boolean moved = newRead != mark[1] || newDelivered != mark[0];
		mark[0] = newDelivered;
		mark[1] = newRead;
		return moved;
	}

	/** The status of a stored message, for its sender. */
	MessageStatus statusOf(long seq) {
		long delivered = Long.MAX_VALUE;
		long read = Long.MAX_VALUE;
		boolean others = false;
		for (String member : this.members) {
			if (member.equals(this.me.get())) {
				continue;
			}
			others = true;
			long[] mark = this.marks.getOrDefault(member, new long[2]);
			delivered = Math.min(delivered, mark[0]);
			read = Math.min(read, mark[1]);
		}
		if (!others) {
			return MessageStatus.SENT;
		}
		return (read >= seq) ? MessageStatus.READ : (delivered >= seq) ? MessageStatus.DELIVERED : MessageStatus.SENT;
	}

}
