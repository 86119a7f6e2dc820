package chat.connection.platform;

import java.time.Duration;

import chat.connection.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class RateLimiterUnitTests {

	@Test
	void burstIsTakenAtOnceThenRetryAfterSaysWhenTheNextTokenComes() {
		ManualClock clock = new ManualClock();
		RateLimiter limiter = new RateLimiter(10, 10, clock);

		for (int i = 0; i < 10; i++) {
			assertThat(limiter.tryAcquire("alice")).isZero();
		}
		assertThat(limiter.tryAcquire("alice")).isEqualTo(100);
		clock.advance(Duration.ofMillis(40));
		assertThat(limiter.tryAcquire("alice")).isEqualTo(60);
		clock.advance(Duration.ofMillis(60));
		assertThat(limiter.tryAcquire("alice")).isZero();
	}

	@Test
	void keysHaveTheirOwnBuckets() {
		RateLimiter limiter = new RateLimiter(1, 1, new ManualClock());

		assertThat(limiter.tryAcquire("alice")).isZero();
		assertThat(limiter.tryAcquire("bob")).isZero();
		assertThat(limiter.tryAcquire("alice")).isPositive();
	}

	@Test
	void fullBucketsAreEvictedAndPartlyEmptyOnesKept() {
		ManualClock clock = new ManualClock();
		RateLimiter limiter = new RateLimiter(10, 10, clock);
		limiter.tryAcquire("alice");
		clock.advance(Duration.ofSeconds(1));
		limiter.tryAcquire("bob");

		limiter.evictIdle();

		assertThat(limiter.size()).isEqualTo(1);
	}

	/**
	 * Whatever the spacing of attempts, the tokens granted over a span never exceed the
	 * burst plus the rate times the span, and a refused attempt that waits its
	 * retryAfterMs is granted.
	 */
	@Test
	void neverGrantsMoreThanBurstPlusRateTimesElapsedAndRetryAfterIsHonest() {
		qt().forAll(lists().of(integers().between(0, 300)).ofSizeBetween(1, 200), integers().between(1, 50),
				integers().between(1, 20))
			.checkAssert((gapsMs, rate, burst) -> {
				ManualClock clock = new ManualClock();
				RateLimiter limiter = new RateLimiter(rate, burst, clock);
				long granted = 0;
				long elapsedMs = 0;
				for (int gap : gapsMs) {
					clock.advance(Duration.ofMillis(gap));
					elapsedMs += gap;
					long retryAfter = limiter.tryAcquire("k");
					if (retryAfter == 0) {
						granted++;
					}
					else {
						assertThat(retryAfter).isPositive().isLessThanOrEqualTo((long) Math.ceil(1000.0 / rate));
					}
				}
				assertThat(granted).isLessThanOrEqualTo(burst + (long) Math.floor(rate * elapsedMs / 1000.0) + 1);
				long wait = limiter.tryAcquire("k");
				if (wait > 0) {
					clock.advance(Duration.ofMillis(wait));
					assertThat(limiter.tryAcquire("k")).isZero();
				}
			});
	}

}
