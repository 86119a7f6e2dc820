package chat.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.kafka.topics}: how a service declares the topics it writes (and the
 * dead-letter topics of those it reads) at start-up. The broker's auto-create is off, so
 * these are the only declarations.
 *
 * @param partitions partitions per topic (default 3); aggregates spread over them by key
 * @param replicationFactor replicas per partition (default 1 for a single local broker; 3
 * in production)
 */
@ConfigurationProperties("chat.kafka.topics")
public record TopicsProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor) {

	public TopicsProperties {
		if (partitions < 1 || replicationFactor < 1) {
			throw new IllegalArgumentException("chat.kafka.topics: partitions and replication-factor must be >= 1");
		}
	}

}
