package chat.devinfra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays a dead-letter topic ({@code <topic>.dlt}) into the topic its records came from,
 * once the cause is fixed: every record from where the last replay stopped up to the end
 * the topic had at the start, with its key, value and original headers (the error
 * handler's {@code kafka_dlt-*} headers are dropped). The consumer group
 * {@code chat-dlt-replay} remembers how far it got, so running it again replays only new
 * dead letters. The services deduplicate, so a record replayed twice does no harm.
 *
 * <pre>
 * java -cp "dev-infra.jar:kafka-libs/*" chat.devinfra.ReplayDeadLetters \
 *     --bootstrap 127.0.0.1:9092 --topic chat.message-commands.v1.dlt [--to chat.message-commands.v1] [--dry-run]
 * </pre>
 *
 * {@code deploy/local/chat replay <dlt topic> [--dry-run]} runs it against the local
 * broker. {@code --dry-run} lists the records (topic, partition, offset, key, the
 * failure's class) and changes nothing.
 */
public final class ReplayDeadLetters {

	static final String GROUP = "chat-dlt-replay";

	static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";

	static final String EXCEPTION = "kafka_dlt-exception-fqcn";

	private ReplayDeadLetters() {
	}

	public static void main(String[] args) throws Exception {
		List<String> rest = new java.util.ArrayList<>(List.of(args));
		boolean dryRun = rest.remove("--dry-run");
		Map<String, String> options = Args.parse(rest.toArray(String[]::new));
		String bootstrap = options.getOrDefault("bootstrap", "127.0.0.1:9092");
		String topic = options.get("topic");
		if (topic == null) {
			throw new IllegalArgumentException("--topic <dead-letter topic> is required");
		}
		String to = options.get("to");
		int replayed = replay(bootstrap, topic, to, dryRun);
		System.out.printf("%s %d record(s) of %s%n", dryRun ? "would replay" : "replayed", replayed, topic);
	}

	/**
	 * Replays {@code topic} up to its current end into each record's original topic (or
	 * {@code to}); returns how many records it replayed (or would).
	 */
	public static int replay(String bootstrap, String topic, String to, boolean dryRun) throws Exception {
		Properties consumerProps = new Properties();
		consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
		consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		Properties producerProps = new Properties();
		producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
		producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		int count = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
				new ByteArrayDeserializer());
				KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
						new ByteArraySerializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map(info -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
			Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions),
					Duration.ofSeconds(30));
			for (TopicPartition partition : partitions) {
				OffsetAndMetadata from = committed.get(partition);
				if (from != null) {
					consumer.seek(partition, from.offset());
				}
				else {
					consumer.seekToBeginning(List.of(partition));
				}
			}
			while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
				Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() >= end.get(partition)) {
						continue;
					}
					String target = (to != null) ? to : header(record, ORIGINAL_TOPIC);
					System.out.printf("%s-%d@%d key=%s failure=%s -> %s%n", record.topic(), record.partition(),
							record.offset(),
							(record.key() != null) ? new String(record.key(), StandardCharsets.UTF_8) : null,
							header(record, EXCEPTION), target);
					if (!dryRun) {
						if (target == null) {
							throw new IllegalStateException("No " + ORIGINAL_TOPIC + " header at offset "
									+ record.offset() + "; name the target with --to");
						}
						RecordHeaders headers = new RecordHeaders();
						for (Header header : record.headers()) {
							if (!header.key().startsWith("kafka_dlt-")) {
								headers.add(header);
							}
						}
						producer.send(new ProducerRecord<>(target, null, record.key(), record.value(), headers))
							.get(30, TimeUnit.SECONDS);
					}
					done.put(partition, new OffsetAndMetadata(record.offset() + 1));
					count++;
				}
				if (!dryRun && !done.isEmpty()) {
					consumer.commitSync(done);
				}
			}
		}
		return count;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
