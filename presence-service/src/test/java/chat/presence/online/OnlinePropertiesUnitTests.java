package chat.presence.online;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OnlinePropertiesUnitTests {

	@Test
	void warmUpDefaultsToOneHeartbeatIntervalPlusOneSecond() {
		OnlineProperties properties = new OnlineProperties(Duration.ofSeconds(5), Duration.ofSeconds(15),
				Duration.ofSeconds(5), null, Duration.ofMillis(200));
		assertThat(properties.warmUp()).isEqualTo(Duration.ofSeconds(6));
	}

	@Test
	void invalidCombinationsFailAtStartUp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OnlineProperties(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
					null, Duration.ofMillis(200)))
			.withMessageContaining("lease");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OnlineProperties(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5),
					Duration.ofSeconds(2), Duration.ofMillis(200)))
			.withMessageContaining("warm-up");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OnlineProperties(Duration.ZERO, Duration.ofSeconds(15), Duration.ofSeconds(5), null,
					Duration.ofMillis(200)))
			.withMessageContaining("positive");
	}

}
