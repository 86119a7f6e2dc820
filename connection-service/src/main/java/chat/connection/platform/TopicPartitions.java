package chat.connection.platform;

import java.util.stream.IntStream;

import chat.platform.kafka.TopicsProperties;

import org.springframework.stereotype.Component;

/**
 * The partitions of the topics the edge reads whole. Every edge node reads every
 * partition of its fan-out and state topics by manual assignment
 * ({@code @KafkaListener(topicPartitions = @TopicPartition(topic = …, partitions =
 * "#{@topicPartitions.all()}"), idIsGroup = false)} — without {@code idIsGroup = false}
 * Spring would use the listener id as a group id), without a consumer group: nothing
 * rebalances when nodes come and go, a node that is gone leaves no group behind, and
 * there is no committed offset to resume from — each listener's {@code auto.offset.reset}
 * says where it starts (the end for live events, the beginning for compacted state).
 *
 * <p>
 * The partitions are {@code 0 … chat.kafka.topics.partitions − 1}: the count every
 * service declares its topics with, so one setting for all of them (the Helm chart has
 * one value). Nothing is asked of Kafka at start-up, so an edge starts, not ready, while
 * Kafka is away. Adding partitions to a topic means changing that setting and restarting
 * the services (docs/operations.md).
 */
@Component
public class TopicPartitions {

	private final String[] all;

	TopicPartitions(TopicsProperties topics) {
		this.all = IntStream.range(0, topics.partitions()).mapToObj(String::valueOf).toArray(String[]::new);
	}

	/** Every partition number, as the listener annotation takes them. */
	public String[] all() {
		return this.all.clone();
	}

}
