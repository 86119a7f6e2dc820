package chat.benchmark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * What happened to every message of a run, by message index: its intended send time,
 * sender, ack and which members have received it. Latencies are taken from the
 * <em>intended</em> send time (the schedule's, not the moment the generator managed to
 * send), so a stall anywhere — in the system or in the generator — shows in the figures
 * instead of pausing the clock (no coordinated omission).
 *
 * <p>
 * Threads: {@link #planned} is called by the pacer before the message's frame is sent;
 * {@link #acked} and {@link #delivered} by the receiving sessions' threads;
 * {@link #outcome} once the stage is over. Times are {@link System#nanoTime()} values
 * passed in by the caller, so the bookkeeping has no clock of its own.
 */
final class Ledger {

	static final int NO_ACK = 0;

	static final int ACCEPTED = 1;

	static final int REJECTED = 2;

	private final int members;

	private final AtomicLongArray intended;

	private final int[] conversation;

	private final byte[] sender;

	private final AtomicIntegerArray ackState;

	private final AtomicIntegerArray deliveredTo;

	private final Stage[] stageOf;

	Ledger(int capacity, int members) {
		if (members < 2 || members > 30) {
			throw new IllegalArgumentException("members per conversation must be 2..30, was " + members);
		}
		this.members = members;
		this.intended = new AtomicLongArray(capacity);
		this.conversation = new int[capacity];
		this.sender = new byte[capacity];
		this.ackState = new AtomicIntegerArray(capacity);
		this.deliveredTo = new AtomicIntegerArray(capacity);
		this.stageOf = new Stage[capacity];
	}

	int capacity() {
		return this.intended.length();
	}

	/** Records a message about to be sent. */
	void planned(int index, Stage stage, int conversation, int sender, long intendedNanos) {
		this.conversation[index] = conversation;
		this.sender[index] = (byte) sender;
		this.stageOf[index] = stage;
		this.intended.set(index, intendedNanos);
	}

	int conversationOf(int index) {
		return this.conversation[index];
	}

	Stage stageOf(int index) {
		this.intended.get(index);
		return this.stageOf[index];
	}

	int senderOf(int index) {
		return this.sender[index];
	}

	/** An ack (ACCEPTED or not) for {@code index} arrived at {@code nanos}. */
	void acked(int index, boolean accepted, String code, long nanos) {
		// The volatile read first: it orders the plain reads after the pacer's writes.
		long intendedAt = this.intended.get(index);
		Stage stage = this.stageOf[index];
		if (stage == null) {
			return;
		}
		if (!this.ackState.compareAndSet(index, NO_ACK, accepted ? ACCEPTED : REJECTED)) {
			stage.duplicateAcks.increment();
			return;
		}
		if (accepted) {
			stage.ackLatency.recordValue(micros(nanos - intendedAt));
		}
		else {
			stage.rejected.computeIfAbsent((code != null) ? code : "UNKNOWN", (c) -> new LongAdder()).increment();
		}
	}

	/**
	 * {@code member} of the message's conversation received it at {@code nanos}. The
	 * sender's own copy is not a delivery. Returns false for a duplicate.
	 */
	boolean delivered(int index, int member, long nanos, long deadlineNanos) {
		long intendedAt = this.intended.get(index);
		Stage stage = this.stageOf[index];
		if (stage == null || member == this.sender[index]) {
			return true;
		}
		int bit = 1 << member;
		int before = this.deliveredTo.getAndUpdate(index, (mask) -> mask | bit);
		if ((before & bit) != 0) {
			stage.duplicates.increment();
			return false;
		}
		long latency = nanos - intendedAt;
		stage.deliveryLatency.recordValue(micros(latency));
		if (latency > deadlineNanos) {
			stage.late.increment();
		}
		return true;
	}

	/** Whether every planned message of the stage has its ack and all its deliveries. */
	boolean complete(Stage stage) {
		for (int i = stage.firstIndex; i < stage.firstIndex + stage.sent(); i++) {
			int state = this.ackState.get(i);
			if (state == NO_ACK || (state == ACCEPTED && missing(i) > 0)) {
				return false;
			}
		}
		return true;
	}

	/** Counts, once the stage's deadline has passed. */
	Outcome outcome(Stage stage) {
		long accepted = 0;
		long notAcked = 0;
		long lostDeliveries = 0;
		long lostMessages = 0;
		for (int i = stage.firstIndex; i < stage.firstIndex + stage.sent(); i++) {
			int state = this.ackState.get(i);
			if (state == NO_ACK) {
				notAcked++;
			}
			else if (state == ACCEPTED) {
				accepted++;
				int missing = missing(i);
				lostDeliveries += missing;
				lostMessages += (missing > 0) ? 1 : 0;
			}
		}
		return new Outcome(stage.sent(), accepted, notAcked, lostDeliveries, lostMessages);
	}

	private int missing(int index) {
		int others = this.deliveredTo.get(index) & ~(1 << this.sender[index]);
		return (this.members - 1) - Integer.bitCount(others);
	}

	static long micros(long nanos) {
		return Math.max(0, nanos / 1000);
	}

	/** Counts of a finished stage. */
	record Outcome(long sent, long accepted, long notAcked, long lostDeliveries, long lostMessages) {
	}

	/** One stage of the run: a fixed offered rate for a bounded time. */
	static final class Stage {

		final String name;

		final int rate;

		final int seconds;

		final boolean warmup;

		final int firstIndex;

		final int planned;

		private volatile int sent;

		final Histogram ackLatency = new SynchronizedHistogram(3);

		final Histogram deliveryLatency = new SynchronizedHistogram(3);

		final Histogram sendLag = new SynchronizedHistogram(3);

		final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

		final Map<String, LongAdder> otherEvents = new ConcurrentHashMap<>();

		final LongAdder duplicates = new LongAdder();

		final LongAdder duplicateAcks = new LongAdder();

		final LongAdder outOfOrder = new LongAdder();

		final LongAdder late = new LongAdder();

		final LongAdder sendErrors = new LongAdder();

		Stage(String name, int rate, int seconds, boolean warmup, int firstIndex) {
			this.name = name;
			this.rate = rate;
			this.seconds = seconds;
			this.warmup = warmup;
			this.firstIndex = firstIndex;
			this.planned = rate * seconds;
		}

		int sent() {
			return this.sent;
		}

		void sentOne() {
			this.sent++;
		}

	}

}
