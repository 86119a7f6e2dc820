package chat.platform.kafka;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.testsupport.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's error handler on a real broker: a malformed record is dead-lettered at
 * its first delivery, any other failure after {@code max-attempts} retries; the topics
 * come from {@link TopicDeclarations}.
 */
@SpringBootTest(classes = DeadLetterIntegrationTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "chat.kafka.retry.initial-interval=10ms", "chat.kafka.retry.max-attempts=2",
				"chat.kafka.topics.partitions=2", "spring.kafka.consumer.group-id=platform-test",
				"spring.kafka.consumer.auto-offset-reset=earliest",
				// required by the platform; nothing here checks a token
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.platform.test",
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://issuer.platform.test/jwks",
				"spring.security.oauth2.resourceserver.jwt.audiences=chat" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DeadLetterIntegrationTests {

	static final String TOPIC = "chat.platform-test.v1";

	static final String COMPACTED = "chat.platform-test-compacted.v1";

	static final String BATCHES = "chat.platform-test-batches.v1";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Autowired
	private FailingListener listener;

	@Autowired
	private BatchListener batches;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private KafkaHealthIndicator kafkaHealth;

	@Test
	void malformedRecordIsDeadLetteredWithoutRetry() throws Exception {
		String key = UUID.randomUUID().toString();
		try (TopicReader deadLetters = deadLetters()) {
			this.kafka.send(TOPIC, key, "malformed").get(10, TimeUnit.SECONDS);

			ConsumerRecord<String, byte[]> dead = deadLetters.awaitKey(key, 1).get(0);
			assertThat(dead.value()).asString(StandardCharsets.UTF_8).isEqualTo("malformed");
			assertThat(this.listener.deliveries(key)).isEqualTo(1);
		}
	}

	@Test
	void otherFailuresAreRetriedMaxAttemptsTimesThenDeadLettered() throws Exception {
		String key = UUID.randomUUID().toString();
		try (TopicReader deadLetters = deadLetters()) {
			this.kafka.send(TOPIC, key, "failing").get(10, TimeUnit.SECONDS);

			deadLetters.awaitKey(key, 1);
			assertThat(this.listener.deliveries(key)).as("first delivery + 2 retries").isEqualTo(3);
		}
	}

	@Test
	void transientFailureIsRetriedBeyondMaxAttemptsAndTheRecordIsNotDeadLettered() throws Exception {
		String key = UUID.randomUUID().toString();
		try (TopicReader deadLetters = deadLetters()) {
			this.kafka.send(TOPIC, key, "down 4 times").get(10, TimeUnit.SECONDS);

			await().atMost(PATIENCE).until(() -> this.listener.deliveries(key) == 5);
			this.kafka.send(TOPIC, key, "malformed").get(10, TimeUnit.SECONDS);
			// the malformed record behind it is dead-lettered; the valid one before it
			// never
			assertThat(deadLetters.awaitKey(key, 1)).singleElement()
				.satisfies(dead -> assertThat(dead.value()).asString(StandardCharsets.UTF_8).isEqualTo("malformed"));
		}
	}

	@Test
	void transientFailureThenMalformedRecordInTheSamePollDeadLettersOnlyTheMalformedRecord() throws Exception {
		String key = UUID.randomUUID().toString();
		this.batches.databaseDown = true;
		try (TopicReader deadLetters = new TopicReader(this.broker.getBrokersAsString(), Topics.deadLetter(BATCHES),
				PATIENCE)) {
			for (String value : List.of("valid 1", "malformed", "valid 2")) {
				this.kafka.send(BATCHES, key, value).get(10, TimeUnit.SECONDS);
			}
			// the database is down while a poll holds all three records
			await().atMost(PATIENCE).until(() -> this.batches.failedBatchesOf(key).contains(3));
			this.batches.databaseDown = false;

			await().atMost(PATIENCE).until(() -> this.batches.stored(key).size() == 2);
			assertThat(this.batches.stored(key)).containsExactly("valid 1", "valid 2");
			assertThat(deadLetters.awaitKey(key, 1)).singleElement()
				.satisfies(dead -> assertThat(dead.value()).asString(StandardCharsets.UTF_8).isEqualTo("malformed"));
			assertThat(this.meters.get("chat.kafka.dead.letters").tag("reason", "malformed").counter().count())
				.isPositive();
			assertThat(this.meters.get("chat.kafka.listener.failures").tag("kind", "transient").counter().count())
				.isPositive();
		}
	}

	@Test
	void kafkaHealthIsUpWhileTheBrokerAnswersAndDownWhenItIsUnreachable() throws Exception {
		assertThat(this.kafkaHealth.health(false).getStatus()).isEqualTo(Status.UP);

		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		KafkaHealthIndicator unreachable = new KafkaHealthIndicator(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort), Duration.ofSeconds(1));
		try {
			assertThat(unreachable.health(false).getStatus()).isEqualTo(Status.DOWN);
		}
		finally {
			unreachable.destroy();
		}
	}

	@Test
	void topicsAreDeclaredWithTheConfiguredPartitionsAndCleanup() throws Exception {
		try (AdminClient admin = AdminClient
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			assertThat(admin.describeTopics(List.of(TOPIC, Topics.deadLetter(TOPIC)))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
			ConfigResource compacted = new ConfigResource(ConfigResource.Type.TOPIC, COMPACTED);
			Config config = admin.describeConfigs(List.of(compacted)).all().get(10, TimeUnit.SECONDS).get(compacted);
			assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
				.isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
		}
	}

	private TopicReader deadLetters() {
		return new TopicReader(this.broker.getBrokersAsString(), Topics.deadLetter(TOPIC), PATIENCE);
	}

	/**
	 * Fails records: a "malformed" one as a poison record, "down N times" as if its
	 * database were down for its first N deliveries, any other as a failure that happens
	 * every time.
	 */
	static class FailingListener {

		private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

		@KafkaListener(topics = TOPIC)
		public void listen(ConsumerRecord<String, String> record) {
			int delivery = this.deliveries.computeIfAbsent(record.key(), key -> new AtomicInteger()).incrementAndGet();
			if (record.value().equals("malformed")) {
				throw new MalformedRecord(record.topic(), record.partition(), record.offset(), null);
			}
			if (record.value().startsWith("down ")) {
				if (delivery <= Integer.parseInt(record.value().split(" ")[1])) {
					throw new DataAccessResourceFailureException("database down");
				}
				return;
			}
			throw new IllegalStateException("not now");
		}

		int deliveries(String key) {
			return this.deliveries.getOrDefault(key, new AtomicInteger()).get();
		}

	}

	/**
	 * A batch listener shaped like the services' ones: stores the valid prefix of a batch
	 * in one go (failing while its database is down), then names the malformed record.
	 */
	static class BatchListener {

		volatile boolean databaseDown;

		private final Map<String, List<String>> stored = new ConcurrentHashMap<>();

		private final Map<String, List<Integer>> failedBatches = new ConcurrentHashMap<>();

		@KafkaListener(topics = BATCHES, groupId = "platform-batch-test", batch = "true")
		public void listen(List<ConsumerRecord<String, String>> records) {
			List<ConsumerRecord<String, String>> valid = new ArrayList<>();
			for (ConsumerRecord<String, String> record : records) {
				if (record.value().equals("malformed")) {
					break;
				}
				valid.add(record);
			}
			if (!valid.isEmpty()) {
				if (this.databaseDown) {
					records.forEach(record -> this.failedBatches
						.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>())
						.add(records.size()));
					throw new DataAccessResourceFailureException("database down");
				}
				valid.forEach(record -> this.stored.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>())
					.add(record.value()));
			}
			if (valid.size() < records.size()) {
				ConsumerRecord<String, String> record = records.get(valid.size());
				throw new BatchListenerFailedException("malformed",
						new MalformedRecord(record.topic(), record.partition(), record.offset(), null), valid.size());
			}
		}

		List<String> stored(String key) {
			return this.stored.getOrDefault(key, List.of());
		}

		List<Integer> failedBatchesOf(String key) {
			return this.failedBatches.getOrDefault(key, List.of());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		BatchListener batchListener() {
			return new BatchListener();
		}

		@Bean
		KafkaAdmin.NewTopics topics(TopicDeclarations topics) {
			return new KafkaAdmin.NewTopics(topics.plain(TOPIC), topics.deadLetter(TOPIC), topics.compacted(COMPACTED),
					topics.plain(BATCHES), topics.deadLetter(BATCHES));
		}

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

	}

}
