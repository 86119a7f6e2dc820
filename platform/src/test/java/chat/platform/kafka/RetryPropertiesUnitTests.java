package chat.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPropertiesUnitTests {

	@Test
	void transientFailuresAreRetriedWithoutLimitDoublingFrom200MillisUpTo10Seconds() {
		BackOffExecution waits = KafkaPlatformAutoConfiguration.backOff(defaults(), false).start();

		List<Long> first = List.of(waits.nextBackOff(), waits.nextBackOff(), waits.nextBackOff());
		for (int retry = 3; retry < 1_000; retry++) {
			assertThat(waits.nextBackOff()).isBetween(1L, 10_000L);
		}
		assertThat(first).containsExactly(200L, 400L, 800L);
	}

	@Test
	void otherFailuresAreRetriedFiveTimesByDefault() {
		assertThat(waits(KafkaPlatformAutoConfiguration.backOff(defaults(), true).start())).containsExactly(200L, 400L,
				800L, 1600L, 3200L);
	}

	@Test
	void maxAttemptsCountsRetriesAsTheEdgesFixedBackOffDid() {
		RetryProperties edge = new RetryProperties(Duration.ofMillis(100), 1.0, Duration.ofSeconds(10), 3);

		assertThat(waits(KafkaPlatformAutoConfiguration.backOff(edge, true).start()))
			.isEqualTo(waits(new FixedBackOff(100, 3).start()))
			.containsExactly(100L, 100L, 100L);
	}

	@Test
	void invalidSettingsFailAtStartUp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryProperties(Duration.ZERO, 2.0, Duration.ofSeconds(10), 5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryProperties(Duration.ofMillis(200), 0.5, Duration.ofSeconds(10), 5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryProperties(Duration.ofSeconds(1), 2.0, Duration.ofMillis(500), 5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryProperties(Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), -1));
		assertThatIllegalArgumentException().isThrownBy(() -> new TopicsProperties(0, (short) 1, null));
	}

	private static RetryProperties defaults() {
		return new RetryProperties(Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), 5);
	}

	/** The waits until the execution stops (at most 100). */
	private static List<Long> waits(BackOffExecution execution) {
		List<Long> waits = new ArrayList<>();
		for (long wait = execution.nextBackOff(); wait != BackOffExecution.STOP
				&& waits.size() < 100; wait = execution.nextBackOff()) {
			waits.add(wait);
		}
		return waits;
	}

}
