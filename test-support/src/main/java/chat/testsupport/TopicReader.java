package chat.testsupport;

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
 * Reads every partition of one topic from the beginning, without a consumer group (no
 * join delay, no offsets committed), and keeps what it has seen in partition-then-offset
 * order per poll: records of one key stay in the order the broker holds them. Not
 * thread-safe; close it.
 */
public final class TopicReader implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final Duration patience;

	private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

	/**
	 * Waits up to {@code patience} for the topic to exist (its writer may still be
	 * declaring it); the same patience is the default deadline of the {@code await…}
	 * methods.
	 */
	public TopicReader(String bootstrapServers, String topic, Duration patience) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		this.patience = patience;
		List<TopicPartition> partitions = await("partitions of " + topic).atMost(patience)
			.until(() -> this.consumer.partitionsFor(topic, Duration.ofSeconds(5)), infos -> !infos.isEmpty())
			.stream()
			.map(info -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	/** Polls once more and returns every record seen so far that matches. */
	public List<ConsumerRecord<String, byte[]>> poll(Predicate<ConsumerRecord<String, byte[]>> filter) {
		this.consumer.poll(Duration.ofMillis(50)).forEach(this.seen::add);
		return this.seen.stream().filter(filter).toList();
	}

	/**
	 * Waits until {@code count} records matching {@code filter} have arrived; returns all
	 * that match so far.
	 */
	public List<ConsumerRecord<String, byte[]>> awaitMatching(Predicate<ConsumerRecord<String, byte[]>> filter,
			int count, Duration atMost) {
		return await().atMost(atMost)
			.pollInSameThread()
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> poll(filter), records -> records.size() >= count);
	}

	public List<ConsumerRecord<String, byte[]>> awaitMatching(Predicate<ConsumerRecord<String, byte[]>> filter,
			int count) {
		return awaitMatching(filter, count, this.patience);
	}

	/**
	 * Waits until {@code count} records with {@code key} (as a string) have arrived;
	 * returns all of them so far.
	 */
	public List<ConsumerRecord<String, byte[]>> awaitKey(Object key, int count, Duration atMost) {
		String expected = String.valueOf(key);
		return awaitMatching(record -> expected.equals(record.key()), count, atMost);
	}

	public List<ConsumerRecord<String, byte[]>> awaitKey(Object key, int count) {
		return awaitKey(key, count, this.patience);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
