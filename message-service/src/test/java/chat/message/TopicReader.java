package chat.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads every partition of one topic from the beginning, without a consumer group (no join delay, no
 * offsets committed), and keeps what it has seen in partition-then-offset order per poll. Records of one
 * key stay in the order the broker holds them.
 */
public final class TopicReader implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

	TopicReader(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(10))
			.stream()
			.map(info -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/** Waits until {@code count} records matching {@code filter} have arrived; returns all that match so far. */
	public List<ConsumerRecord<String, byte[]>> awaitMatching(Predicate<ConsumerRecord<String, byte[]>> filter, int count) {
		return await().atMost(IntegrationTestSupport.PATIENCE)
			.pollInSameThread()
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> poll(filter), records -> records.size() >= count);
	}

	/** Waits until {@code count} records with {@code key} have arrived. */
	public List<ConsumerRecord<String, byte[]>> awaitKey(Object key, int count) {
		String expected = String.valueOf(key);
		return awaitMatching(record -> expected.equals(record.key()), count);
	}

	/** Polls once more and returns every record seen so far that matches. */
	public List<ConsumerRecord<String, byte[]>> poll(Predicate<ConsumerRecord<String, byte[]>> filter) {
		this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
		return this.seen.stream().filter(filter).toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
