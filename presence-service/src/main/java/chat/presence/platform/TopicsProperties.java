package chat.presence.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.presence.topics}: how the topics this service writes are declared at start-up.
 *
 * @param partitions partitions per topic (default 3)
 * @param replicationFactor replicas per partition (default 1 for a single local broker; 3 in production)
 * @param typingRetention how long {@code chat.typing.v1} keeps snapshots (default 1 h); they are worthless
 * after the typing expiry, and a restarted instance reads back only the last expiry's worth
 */
@ConfigurationProperties("chat.presence.topics")
public record TopicsProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("1h") Duration typingRetention) {

	public TopicsProperties {
		if (partitions < 1 || replicationFactor < 1) {
			throw new IllegalArgumentException("chat.presence.topics: partitions and replication-factor must be >= 1");
		}
		if (typingRetention.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("chat.presence.topics.typing-retention must be at least 1 minute");
		}
	}

}
