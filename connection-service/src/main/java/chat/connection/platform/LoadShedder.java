package chat.connection.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Load shedding by send→ack latency, after CoDel (RFC 8289). An ack slower than
 * {@code target} means its send waited in a queue behind this node (Kafka, the message
 * service, the fan-out). Acks slower than the target for {@code interval}, with no fast
 * one in between, mean a standing queue rather than a burst passing: then new sends are
 * refused until an ack is fast again, or until {@code interval} after the last slow ack
 * (no news is not a queue). A slow ack after a silence longer than {@code interval}
 * starts the count again. Thread-safe.
 */
public final class LoadShedder {

	private static final long NONE = Long.MIN_VALUE;

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final long targetNanos;

	private final long intervalNanos;

	private final Clock clock;

	private final RandomGenerator random;

	private long lastAckAt = NONE;

	private long slowSince = NONE;

	private long shedUntil = NONE;

	public LoadShedder(Duration target, Duration interval, Clock clock, RandomGenerator random) {
		if (target.isNegative() || target.isZero() || interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("the shedding target and interval must be positive");
		}
		this.targetNanos = target.toNanos();
		this.intervalNanos = interval.toNanos();
		this.clock = clock;
		this.random = random;
	}

	/** One send's ack left this node {@code latency} after the send arrived. */
	public synchronized void acked(Duration latency) {
		long now = now();
		boolean silence = this.lastAckAt == NONE || now - this.lastAckAt > this.intervalNanos;
		this.lastAckAt = now;
		if (latency.toNanos() < this.targetNanos) {
			this.slowSince = NONE;
			this.shedUntil = NONE;
			return;
		}
		if (this.slowSince == NONE || silence) {
			this.slowSince = now;
		}
		if (now - this.slowSince >= this.intervalNanos) {
			this.shedUntil = now + this.intervalNanos;
		}
	}

	/**
	 * @return 0 when a send may go on; otherwise when to try again, in milliseconds: the
	 * time left of the shedding plus up to one interval of jitter, so refused clients do
	 * not come back at once
	 */
	public synchronized long retryAfterMs() {
		long now = now();
		if (this.shedUntil == NONE || now >= this.shedUntil) {
			return 0;
		}
		long left = this.shedUntil - now + this.random.nextLong(this.intervalNanos);
		return Math.max(1, (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI);
	}

	private long now() {
		Instant instant = this.clock.instant();
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

}
