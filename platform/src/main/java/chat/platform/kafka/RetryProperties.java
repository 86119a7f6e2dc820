package chat.platform.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.kafka.retry}: how the error handler retries a listener failure that is not
 * a malformed record (those go to the dead-letter topic at once). The wait starts at
 * {@code initialInterval} and grows by {@code multiplier} up to {@code maxInterval}.
 *
 * @param initialInterval wait before the first retry (default 200 ms)
 * @param multiplier growth of the wait per retry (default 2.0; 1.0 keeps it fixed)
 * @param maxInterval longest wait between retries (default 10 s)
 * @param maxAttempts retries after the first failed delivery before the record is
 * dead-lettered (default 5, about 6 s with the default back-off). Only failures that are
 * not transient count: a database or broker that is away ({@link Failures#isTransient})
 * is retried without limit, so a valid command is never dead-lettered for it
 */
@ConfigurationProperties("chat.kafka.retry")
public record RetryProperties(@DefaultValue("200ms") Duration initialInterval, @DefaultValue("2.0") double multiplier,
		@DefaultValue("10s") Duration maxInterval, @DefaultValue("5") int maxAttempts) {

	public RetryProperties {
		if (initialInterval.isNegative() || initialInterval.isZero()) {
			throw new IllegalArgumentException("chat.kafka.retry.initial-interval must be positive");
		}
		if (multiplier < 1.0) {
			throw new IllegalArgumentException("chat.kafka.retry.multiplier must be >= 1.0");
		}
		if (maxInterval.compareTo(initialInterval) < 0) {
			throw new IllegalArgumentException("chat.kafka.retry.max-interval (" + maxInterval
					+ ") must be at least initial-interval (" + initialInterval + ")");
		}
		if (maxAttempts < 0) {
			throw new IllegalArgumentException("chat.kafka.retry.max-attempts must be >= 0");
		}
	}

}
