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
 * @param minInsyncReplicas {@code min.insync.replicas} of every declared topic when
 * {@code replicationFactor > 1}: how many replicas must have a write before the broker
 * acknowledges it to an {@code acks=all} producer (default: replication factor - 1, so 2
 * of 3; at most the replication factor)
 */
@ConfigurationProperties("chat.kafka.topics")
public record TopicsProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor,
		Integer minInsyncReplicas) {

	public TopicsProperties {
		if (partitions < 1 || replicationFactor < 1) {
			throw new IllegalArgumentException("chat.kafka.topics: partitions and replication-factor must be >= 1");
		}
		if (minInsyncReplicas != null && (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor)) {
			throw new IllegalArgumentException(
					"chat.kafka.topics.min-insync-replicas must be between 1 and replication-factor");
		}
	}

	/** The {@code min.insync.replicas} to declare, or null for a single replica. */
	public Integer effectiveMinInsyncReplicas() {
		if (this.replicationFactor <= 1) {
			return null;
		}
		return (this.minInsyncReplicas != null) ? this.minInsyncReplicas : this.replicationFactor - 1;
	}

}
