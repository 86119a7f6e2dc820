package chat.devinfra;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import chat.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code deploy/local/chat replay}, against a real in-process KRaft broker: dead letters
 * go back to their original topic with key, value and their own headers (not the error
 * handler's), a dry run changes nothing, and a second run replays only what arrived
 * since.
 */
class ReplayDeadLettersIntegrationTests {

	private static final String ORIGINAL = "chat.test-commands.v1";

	private static final String DLT = ORIGINAL + ".dlt";

	private static final String ELSEWHERE = "chat.test-elsewhere.v1";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 2, ORIGINAL, DLT, ELSEWHERE);
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void deadLettersGoBackToTheirTopicOnceWithTheirOwnHeadersAndADryRunChangesNothing() throws Exception {
		deadLetter("conv-1", "first", ORIGINAL);
		deadLetter("conv-2", "second", ORIGINAL);
		deadLetter("conv-1", "third", ORIGINAL);

		assertThat(ReplayDeadLetters.replay(bootstrap(), DLT, null, true)).isEqualTo(3);
		assertThat(endOffset(ORIGINAL)).as("the dry run wrote nothing").isZero();

		assertThat(ReplayDeadLetters.replay(bootstrap(), DLT, null, false)).isEqualTo(3);
		List<ConsumerRecord<String, byte[]>> replayed = read(ORIGINAL, 3);
		assertThat(replayed).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("conv-1", "conv-2", "conv-1");
		assertThat(replayed.stream().filter(r -> r.key().equals("conv-1")).map(ReplayDeadLettersIntegrationTests::text))
			.as("one key's records keep their order")
			.containsExactly("first", "third");
		assertThat(replayed).allSatisfy(record -> {
			assertThat(record.headers().lastHeader("ce_id")).isNotNull();
			assertThat(record.headers().toArray()).noneMatch(header -> header.key().startsWith("kafka_dlt-"));
		});

		assertThat(ReplayDeadLetters.replay(bootstrap(), DLT, null, false)).as("nothing new").isZero();
		deadLetter("conv-3", "fourth", ORIGINAL);
		assertThat(ReplayDeadLetters.replay(bootstrap(), DLT, null, false)).as("only the new one").isEqualTo(1);
		assertThat(read(ORIGINAL, 4)).extracting(ReplayDeadLettersIntegrationTests::text)
			.containsExactlyInAnyOrder("first", "second", "third", "fourth");
	}

	@Test
	void aDeadLetterWithoutItsOriginalTopicNeedsToAndIsNotSkipped() throws Exception {
		String dlt = "chat.test-orphans.v1.dlt";
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
			admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(dlt, 1, (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		try (KafkaProducer<String, String> producer = producer()) {
			producer.send(new ProducerRecord<>(dlt, "orphan", "no header")).get(30, TimeUnit.SECONDS);
		}

		assertThatThrownBy(() -> ReplayDeadLetters.replay(bootstrap(), dlt, null, false)).hasMessageContaining("--to");
		assertThat(ReplayDeadLetters.replay(bootstrap(), dlt, ELSEWHERE, false)).as("still there after the failure")
			.isEqualTo(1);
		assertThat(read(ELSEWHERE, 1)).extracting(ReplayDeadLettersIntegrationTests::text).containsExactly("no header");
	}

	/**
	 * What Spring Kafka's dead-letter publisher writes: the record plus kafka_dlt-*
	 * headers.
	 */
	private static void deadLetter(String key, String value, String originalTopic) throws Exception {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_id", key.getBytes(StandardCharsets.UTF_8));
		headers.add(ReplayDeadLetters.ORIGINAL_TOPIC, originalTopic.getBytes(StandardCharsets.UTF_8));
		headers.add(ReplayDeadLetters.EXCEPTION, "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
		try (KafkaProducer<String, String> producer = producer()) {
			producer.send(new ProducerRecord<>(DLT, null, key, value, headers)).get(30, TimeUnit.SECONDS);
		}
	}

	private static KafkaProducer<String, String> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()), new StringSerializer(),
				new StringSerializer());
	}

	private static List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
		try (TopicReader reader = new TopicReader(bootstrap(), topic, PATIENCE)) {
			List<ConsumerRecord<String, byte[]>> records = reader.awaitMatching(record -> true, count);
			assertThat(records).hasSize(count);
			return records;
		}
	}

	private static long endOffset(String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
			return admin
				.listOffsets(Map.of(new TopicPartition(topic, 0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
						new TopicPartition(topic, 1), org.apache.kafka.clients.admin.OffsetSpec.latest()))
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong(info -> info.offset())
				.sum();
		}
	}

	private static String text(ConsumerRecord<String, byte[]> record) {
		return new String(record.value(), StandardCharsets.UTF_8);
	}

	private static String bootstrap() {
		return broker.getBrokersAsString();
	}

}
