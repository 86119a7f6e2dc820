package chat.connection.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key: {@code burst} at once, refilled at {@code ratePerSecond}.
 * Thread-safe. Buckets that have refilled completely hold no information and are dropped
 * by {@link #evictIdle()}.
 */
public final class RateLimiter {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double ratePerNano;

	private final int burst;

	public RateLimiter(int ratePerSecond, int burst) {
		this.ratePerNano = ratePerSecond / 1e9;
		this.burst = burst;
	}

	public boolean tryAcquire(String key) {
		return this.buckets.computeIfAbsent(key, k -> new Bucket(this.burst, System.nanoTime()))
			.tryAcquire(System.nanoTime());
	}

	public void forget(String key) {
		this.buckets.remove(key);
	}

	public void evictIdle() {
		long now = System.nanoTime();
		this.buckets.values().removeIf(bucket -> bucket.full(now));
	}

	private final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		synchronized boolean tryAcquire(long now) {
			refill(now);
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

		synchronized boolean full(long now) {
			refill(now);
			return this.tokens >= RateLimiter.this.burst;
		}

		private void refill(long now) {
			this.tokens = Math.min(RateLimiter.this.burst,
					this.tokens + (now - this.refilledAt) * RateLimiter.this.ratePerNano);
			this.refilledAt = now;
		}

	}

}
