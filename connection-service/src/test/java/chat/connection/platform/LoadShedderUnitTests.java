package chat.connection.platform;

import java.time.Duration;
import java.util.SplittableRandom;

import chat.connection.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class LoadShedderUnitTests {

	private static final Duration TARGET = Duration.ofMillis(150);

	private static final Duration INTERVAL = Duration.ofMillis(250);

	private static final Duration SLOW = Duration.ofMillis(400);

	private static final Duration FAST = Duration.ofMillis(20);

	private final ManualClock clock = new ManualClock();

	private final LoadShedder shedder = new LoadShedder(TARGET, INTERVAL, this.clock, new SplittableRandom(7));

	@Test
	void slowAcksForLessThanTheIntervalAreABurstAndShedNothing() {
		this.shedder.acked(SLOW);
		at(100).acked(SLOW);
		at(149).acked(SLOW);

		assertThat(this.shedder.retryAfterMs()).isZero();
	}

	@Test
	void slowAcksForTheIntervalShedUntilAFastAck() {
		this.shedder.acked(SLOW);
		at(100).acked(SLOW);
		at(250).acked(SLOW);

		assertThat(this.shedder.retryAfterMs()).as("the interval left plus jitter below one interval")
			.isBetween(250L, 500L);
		at(100).acked(FAST);
		assertThat(this.shedder.retryAfterMs()).isZero();
	}

	@Test
	void sheddingEndsAnIntervalAfterTheLastSlowAck() {
		this.shedder.acked(SLOW);
		at(250).acked(SLOW);
		at(200).acked(SLOW);

		at(249);
		assertThat(this.shedder.retryAfterMs()).isPositive();
		at(1);
		assertThat(this.shedder.retryAfterMs()).isZero();
	}

	@Test
	void aSilenceLongerThanTheIntervalStartsTheCountAgain() {
		this.shedder.acked(SLOW);
		at(251).acked(SLOW);
		assertThat(this.shedder.retryAfterMs()).as("two slow acks, but nothing in between").isZero();

		at(250).acked(SLOW);
		assertThat(this.shedder.retryAfterMs()).isPositive();
	}

	@Test
	void anAckAtTheTargetCountsAsSlow() {
		this.shedder.acked(TARGET);
		at(250).acked(TARGET);

		assertThat(this.shedder.retryAfterMs()).isPositive();
		this.shedder.acked(TARGET.minusNanos(1));
		assertThat(this.shedder.retryAfterMs()).isZero();
	}

	/**
	 * Whatever the acks: a fast ack opens at once, nothing is refused without a slow ack
	 * within the last interval, and a refusal never asks for more than two intervals.
	 */
	@Test
	void sheddingFollowsOnlyRecentSlowAcks() {
		qt().forAll(lists().of(integers().between(0, 600)).ofSizeBetween(1, 60),
				lists().of(integers().between(0, 300)).ofSizeBetween(60, 60))
			.checkAssert((latenciesMs, gapsMs) -> {
				ManualClock time = new ManualClock();
				LoadShedder under = new LoadShedder(TARGET, INTERVAL, time, new SplittableRandom(latenciesMs.size()));
				long lastSlowAt = Long.MIN_VALUE;
				long now = 0;
				for (int i = 0; i < latenciesMs.size(); i++) {
					Duration latency = Duration.ofMillis(latenciesMs.get(i));
					under.acked(latency);
					boolean slow = latency.compareTo(TARGET) >= 0;
					if (slow) {
						lastSlowAt = now;
					}
					long retryAfter = under.retryAfterMs();
					assertThat(retryAfter).isBetween(0L, 2 * INTERVAL.toMillis());
					if (!slow) {
						assertThat(retryAfter).isZero();
					}
					int gap = gapsMs.get(i);
					time.advance(Duration.ofMillis(gap));
					now += gap;
					if (now - lastSlowAt >= INTERVAL.toMillis()) {
						assertThat(under.retryAfterMs()).isZero();
					}
				}
			});
	}

	private LoadShedder at(long millisLater) {
		this.clock.advance(Duration.ofMillis(millisLater));
		return this.shedder;
	}

}
