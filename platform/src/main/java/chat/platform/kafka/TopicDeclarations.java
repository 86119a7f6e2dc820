package chat.platform.kafka;

import java.time.Duration;

import chat.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.kafka.config.TopicBuilder;

/**
 * Builds the {@link NewTopic}s a service declares, with the partitions and replicas of
 * {@code chat.kafka.topics}, and {@code min.insync.replicas} when there is more than one
 * replica. Each service's own configuration names its topics and returns them in a
 * {@code KafkaAdmin.NewTopics} bean; declaring a topic that exists changes nothing.
 */
public final class TopicDeclarations {

	private final TopicsProperties properties;

	public TopicDeclarations(TopicsProperties properties) {
		this.properties = properties;
	}

	/** A topic with the broker's default cleanup (delete after its retention). */
	public NewTopic plain(String name) {
		return builder(name).build();
	}

	/** A compacted topic: the broker keeps at least the last record of every key. */
	public NewTopic compacted(String name) {
		return builder(name).config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
	}

	/** A topic whose records are deleted after {@code retention} (whole milliseconds). */
	public NewTopic retained(String name, Duration retention) {
		return builder(name).config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis())).build();
	}

	/**
	 * The dead-letter topic of {@code sourceTopic}, where the error handler sends what it
	 * gives up on.
	 */
	public NewTopic deadLetter(String sourceTopic) {
		return plain(Topics.deadLetter(sourceTopic));
	}

	private TopicBuilder builder(String name) {
		TopicBuilder builder = TopicBuilder.name(name)
			.partitions(this.properties.partitions())
			.replicas(this.properties.replicationFactor());
		Integer minInsync = this.properties.effectiveMinInsyncReplicas();
		if (minInsync != null) {
			// with acks=all, a write is acknowledged only once this many replicas have it
			builder.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsync));
		}
		return builder;
	}

}
