package chat.connection.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key: {@code burst} at once, refilled at {@code ratePerSecond}.
 * Thread-safe. Buckets that have refilled completely hold no information and are dropped
 * by {@link #evictIdle()}.
 */
public final class RateLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double ratePerNano;

	private final int burst;

	private final Clock clock;

	public RateLimiter(int ratePerSecond, int burst, Clock clock) {
		this.ratePerNano = ratePerSecond / (double) NANOS_PER_SECOND;
		this.burst = burst;
		this.clock = clock;
	}

	/**
	 * Takes one token for {@code key}.
	 * @return 0 when a token was taken; otherwise the milliseconds (at least 1) until one
	 * will be available
	 */
	public long tryAcquire(String key) {
		long now = now();
		return this.buckets.computeIfAbsent(key, k -> new Bucket(this.burst, now)).tryAcquire(now);
	}

	public void evictIdle() {
		long now = now();
		this.buckets.values().removeIf(bucket -> bucket.full(now));
	}

	/** Keys currently tracked (for tests and metrics). */
	public int size() {
		return this.buckets.size();
	}

	private long now() {
		Instant instant = this.clock.instant();
		return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
	}

	private final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		synchronized long tryAcquire(long now) {
			refill(now);
			// The epsilon absorbs floating-point error: waiting the retryAfterMs given is
			// always enough.
			if (this.tokens >= 1 - 1e-9) {
				this.tokens = Math.max(0, this.tokens - 1);
				return 0;
			}
			double missingNanos = (1 - this.tokens) / RateLimiter.this.ratePerNano;
			return Math.max(1, (long) Math.ceil(missingNanos / 1_000_000));
		}

		synchronized boolean full(long now) {
			refill(now);
			return this.tokens >= RateLimiter.this.burst;
		}

		private void refill(long now) {
			this.tokens = Math.min(RateLimiter.this.burst,
					this.tokens + Math.max(0, now - this.refilledAt) * RateLimiter.this.ratePerNano);
			this.refilledAt = Math.max(this.refilledAt, now);
		}

	}

}
