package chat.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ClockAutoConfigurationUnitTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClockAutoConfiguration.class));

	@Test
	void clockIsTheSystemClockInUtc() {
		this.contexts.run(context -> assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC));
	}

	@Test
	void aClockOfTheServiceReplacesIt() {
		Clock fixed = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
		this.contexts.withBean(Clock.class, () -> fixed)
			.run(context -> assertThat(context).getBean(Clock.class).isSameAs(fixed));
	}

}
