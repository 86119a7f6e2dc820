package chat.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.devinfra.TopicReader;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

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

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Autowired
	private FailingListener listener;

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
	 * Fails every record: a "malformed" one as a poison record, any other as if a
	 * database were down.
	 */
	static class FailingListener {

		private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

		@KafkaListener(topics = TOPIC)
		public void listen(ConsumerRecord<String, String> record) {
			this.deliveries.computeIfAbsent(record.key(), key -> new AtomicInteger()).incrementAndGet();
			if (record.value().equals("malformed")) {
				throw new MalformedRecord(record.topic(), record.partition(), record.offset(), null);
			}
			throw new IllegalStateException("not now");
		}

		int deliveries(String key) {
			return this.deliveries.getOrDefault(key, new AtomicInteger()).get();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		KafkaAdmin.NewTopics topics(TopicDeclarations topics) {
			return new KafkaAdmin.NewTopics(topics.plain(TOPIC), topics.deadLetter(TOPIC), topics.compacted(COMPACTED));
		}

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

	}

}
