package chat.receipt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import chat.contracts.KafkaRecords;
import chat.contracts.receipt.ReceiptUpdated;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads every partition of one topic from the beginning, without a consumer group (no join delay, no
 * offsets committed), and keeps what it has seen. Records of one key stay in the order the broker holds
 * them.
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

	/** Polls once more and returns every record seen so far that matches. */
	public List<ConsumerRecord<String, byte[]>> poll(Predicate<ConsumerRecord<String, byte[]>> filter) {
		this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
		return this.seen.stream().filter(filter).toList();
	}

	/** Every receipt event of one member seen so far, in publish order (after one more poll). */
	public List<ReceiptUpdated> receipts(Object conversationId, String userId) {
		String key = String.valueOf(conversationId);
		return poll(record -> key.equals(record.key())).stream()
			.map(record -> KafkaRecords.value(record, ReceiptUpdated.class))
			.filter(event -> event.userId().equals(userId))
			.toList();
	}

	/** Waits until a receipt event of the member with exactly these watermarks has arrived; returns its record. */
	public ConsumerRecord<String, byte[]> awaitReceipt(Object conversationId, String userId, long delivered, long read) {
		String key = String.valueOf(conversationId);
		Predicate<ConsumerRecord<String, byte[]>> match = record -> {
			if (!key.equals(record.key())) {
				return false;
			}
			ReceiptUpdated event = KafkaRecords.value(record, ReceiptUpdated.class);
			return event.userId().equals(userId) && event.deliveredUpToSeq() == delivered
					&& event.readUpToSeq() == read;
		};
		return await().atMost(IntegrationTestSupport.PATIENCE)
			.pollInSameThread()
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> poll(match), records -> !records.isEmpty())
			.get(0);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
