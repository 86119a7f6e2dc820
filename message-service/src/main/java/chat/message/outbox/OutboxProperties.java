package chat.message.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.message.outbox}.
 *
 * @param pollInterval pause between relay runs when the outbox is empty (default 200 ms):
 * the upper bound on how late a membership change reaches Kafka
 * @param batchSize events published per relay run (default 100)
 */
@ConfigurationProperties("chat.message.outbox")
public record OutboxProperties(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("100") int batchSize) {

	public OutboxProperties {
		if (pollInterval.isNegative() || pollInterval.isZero() || batchSize < 1) {
			throw new IllegalArgumentException("chat.message.outbox: poll-interval and batch-size must be positive");
		}
	}

}
