package chat.receipt.watermark;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.receipt.watermarks}.
 *
 * @param publishTimeout how long a batch waits for Kafka to acknowledge its
 * {@code ReceiptUpdated} events before the batch fails and is retried (default 10 s)
 * @param membershipGrace how long a command from a user the membership view does not show
 * as a member is retried before it is ignored (default 2 s; 0 ignores at once). Covers a
 * member added a moment ago whose membership record has not reached this service yet;
 * while it waits, the batch's partitions wait too.
 * @param maxAhead how far above the last seq known here a receipt is kept for messages
 * still on their way (default 1000): a receipt that overtook its {@code message.created}
 * is applied when it arrives; a claim further ahead is cut to this
 */
@ConfigurationProperties("chat.receipt.watermarks")
public record WatermarkProperties(@DefaultValue("10s") Duration publishTimeout,
		@DefaultValue("2s") Duration membershipGrace, @DefaultValue("1000") long maxAhead) {

	public WatermarkProperties {
		if (publishTimeout.isNegative() || publishTimeout.isZero() || membershipGrace.isNegative() || maxAhead < 0) {
			throw new IllegalArgumentException("chat.receipt.watermarks: publish-timeout must be positive, "
					+ "membership-grace and max-ahead not negative");
		}
	}

}
