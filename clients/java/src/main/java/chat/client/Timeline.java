package chat.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The messages of one conversation in display order; pure logic, no timers, no I/O.
 *
 * <p>
 * Stored messages (from live events or history pages, in any order, with duplicates) are
 * kept by seq. {@link #lastSeq()} is the highest seq up to which nothing is missing; a
 * message beyond a gap waits until the gap is filled, then every waiting message becomes
 * visible in seq order (and is returned once, by the call that made it visible). At most
 * {@code capacity} visible messages are kept: the oldest go first. This client's own
 * messages are shown from the moment they are sent (as pending, after the stored ones)
 * and merged with their stored version by clientMessageId.
 */
final class Timeline {

	private final UUID conversationId;

	private final Supplier<String> me;

	private final int capacity;

	private boolean started;

	private long lastSeq;

	private final TreeMap<Long, Message> shown = new TreeMap<>();

	private final TreeMap<Long, Message> ahead = new TreeMap<>();

	private final Map<UUID, Message> pending = new LinkedHashMap<>();

	Timeline(UUID conversationId, Supplier<String> me, int capacity) {
		this.conversationId = conversationId;
		this.me = me;
		this.capacity = capacity;
	}

	/** Whether the starting point is set; until then stored messages only wait. */
	boolean started() {
		return this.started;
	}

	/**
	 * Sets the starting point once: messages up to {@code seq} are taken as seen (older
	 * history is paged on demand). Returns the messages that became visible.
	 */
	List<Message> startAfter(long seq) {
		if (this.started) {
			return List.of();
		}
		this.started = true;
		this.lastSeq = seq;
		this.ahead.headMap(seq, true).clear();
		return drain();
	}

	/** The highest seq up to which every message has been received. */
	long lastSeq() {
		return this.lastSeq;
	}

	/** Whether messages wait beyond a gap. */
	boolean hasGap() {
		return this.started && !this.ahead.isEmpty();
	}

	/** Adds a stored message; returns the messages that became visible, in seq order. */
	List<Message> add(Message stored) {
		long seq = stored.seq();
		if (seq <= 0 || (this.started && seq <= this.lastSeq) || this.ahead.containsKey(seq)) {
			return List.of();
		}
		this.ahead.put(seq, stored);
		return drain();
	}

	private List<Message> drain() {
		if (!this.started) {
			return List.of();
		}
		List<Message> visible = new ArrayList<>();
		Message next;
		while ((next = this.ahead.remove(this.lastSeq + 1)) != null) {
			this.lastSeq++;
			if (mine(next)) {
				this.pending.remove(next.clientMessageId());
			}
			this.shown.put(next.seq(), next);
			visible.add(next);
		}
		while (this.shown.size() > this.capacity) {
			this.shown.pollFirstEntry();
		}
		// Acked messages whose place is now visible (or older than what is kept).
		this.pending.values().removeIf(m -> m.seq() > 0 && m.seq() <= this.lastSeq);
		return visible;
	}

	boolean mine(Message message) {
		String user = this.me.get();
		return user != null && user.equals(message.senderId()) && message.clientMessageId() != null;
	}

	/** Shows a message this client is sending. */
	void sending(UUID clientMessageId, String text, Instant createdAt) {
		Message current = this.pending.get(clientMessageId);
		if (current != null) {
			this.pending.put(clientMessageId, current.withStatus(MessageStatus.SENDING, null));
			return;
		}
		if (isStored(clientMessageId)) {
			return;
		}
		this.pending.put(clientMessageId, new Message(this.conversationId, clientMessageId, null, 0, this.me.get(),
				text, createdAt, MessageStatus.SENDING, null));
	}

	/** The ACCEPTED ack of a message this client sent. */
	void acked(SendResult ack) {
		Message current = this.pending.get(ack.clientMessageId());
		if (current == null) {
			return;
		}
		if (this.started && ack.seq() <= this.lastSeq) {
			// Already visible in its place (or older than what is kept).
			this.pending.remove(ack.clientMessageId());
			return;
		}
		this.pending.put(ack.clientMessageId(), new Message(this.conversationId, ack.clientMessageId(), ack.messageId(),
				ack.seq(), this.me.get(), current.text(), ack.createdAt(), MessageStatus.SENT, null));
	}

	/** A message this client sent failed. */
	void failed(UUID clientMessageId, ChatError error) {
		Message current = this.pending.get(clientMessageId);
		if (current != null && current.seq() == 0) {
			this.pending.put(clientMessageId, current.withStatus(MessageStatus.FAILED, error));
		}
	}

	/** The pending (not yet placed) message with this id, or {@code null}. */
	Message pending(UUID clientMessageId) {
		return this.pending.get(clientMessageId);
	}

	private boolean isStored(UUID clientMessageId) {
		return this.shown.values().stream().anyMatch(m -> clientMessageId.equals(m.clientMessageId()) && mine(m));
	}

	/** The oldest visible seq, or {@code lastSeq + 1} when none is kept. */
	long oldestSeq() {
		return this.shown.isEmpty() ? this.lastSeq + 1 : this.shown.firstKey();
	}

	boolean hasOlder() {
		return this.started && oldestSeq() > 1;
	}

	/**
	 * Visible stored messages by seq, then pending ones in sending order; {@code status}
	 * gives a stored message its status.
	 */
	List<Message> display(Function<Message, MessageStatus> status) {
		List<Message> list = new ArrayList<>(this.shown.size() + this.pending.size());
		for (Message stored : this.shown.values()) {
			list.add(stored.withStatus(status.apply(stored), null));
		}
		list.addAll(this.pending.values());
		return Collections.unmodifiableList(list);
	}

}
