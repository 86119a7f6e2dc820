package chat.receipt.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.receipt.topics}: how the topics this service writes are declared at start-up.
 *
 * @param partitions partitions per topic (default 3); conversations spread over them by key
 * @param replicationFactor replicas per partition (default 1 for a single local broker; 3 in production)
 */
@ConfigurationProperties("chat.receipt.topics")
public record TopicsProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor) {

	public TopicsProperties {
		if (partitions < 1 || replicationFactor < 1) {
			throw new IllegalArgumentException("chat.receipt.topics: partitions and replication-factor must be >= 1");
		}
	}

}
