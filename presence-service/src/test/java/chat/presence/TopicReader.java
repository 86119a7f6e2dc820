package chat.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import chat.contracts.KafkaRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads every partition of one topic from the beginning, without a consumer group, and keeps what it has
 * seen; records of one key stay in the broker's order.
 */
public final class TopicReader implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

	TopicReader(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = await().atMost(IntegrationTestSupport.PATIENCE)
			.until(() -> this.consumer.partitionsFor(topic, Duration.ofSeconds(5)), infos -> !infos.isEmpty())
			.stream()
			.map(info -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/** The values of every record with {@code key} seen so far, as {@code type}, after one more poll. */
	public <T> List<T> values(Object key, Class<T> type) {
		return poll(record -> String.valueOf(key).equals(record.key())).stream()
			.map(record -> KafkaRecords.value(record, type))
			.toList();
	}

	/** Waits until {@code count} records with {@code key} have arrived; returns all of them so far. */
	public List<ConsumerRecord<String, byte[]>> awaitKey(Object key, int count, Duration atMost) {
		String expected = String.valueOf(key);
		return await().atMost(atMost)
			.pollInSameThread()
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> poll(record -> expected.equals(record.key())), records -> records.size() >= count);
	}

	public List<ConsumerRecord<String, byte[]>> awaitKey(Object key, int count) {
		return awaitKey(key, count, IntegrationTestSupport.PATIENCE);
	}

	/** Polls once more and returns every record seen so far that matches. */
	public List<ConsumerRecord<String, byte[]>> poll(Predicate<ConsumerRecord<String, byte[]>> filter) {
		this.consumer.poll(Duration.ofMillis(50)).forEach(this.seen::add);
		return this.seen.stream().filter(filter).toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
