package chat.presence;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import chat.contracts.ChatRecord;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.testsupport.Api;
import chat.devinfra.DevIssuer;
import chat.devinfra.DevPostgres;
import chat.testsupport.TopicReader;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one Spring context every integration test shares (same annotations and property
 * source, so the context cache starts it once per JVM): the whole service on a random
 * port, a real in-JVM KRaft broker, a fresh database on a real PostgreSQL, and the dev
 * token issuer serving its JWKS. Presence runs on short durations (grace 1 s, lease 3 s,
 * heartbeats every 1 s, warm-up 1.5 s) so time-driven outcomes arrive within seconds.
 *
 * <p>
 * Tests share the broker and the database, so each one uses user, node and conversation
 * ids of its own ({@link #user(String)}) and filters what it reads by key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "chat.presence.online.grace=1s", "chat.presence.online.lease=3s",
				"chat.presence.online.heartbeat-interval=1s", "chat.presence.online.warm-up=1500ms",
				"chat.presence.online.sweep-interval=100ms" })
// The edge declares the topics it writes and the message service the conversations topic;
// here the test
// broker does.
@EmbeddedKafka(partitions = 3, topics = { Topics.CONNECTIONS, Topics.TYPING_COMMANDS, Topics.CONVERSATIONS },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class IntegrationTestSupport {

	protected static final String ISSUER = "https://issuer.chat.test";

	protected static final String AUDIENCE = "chat";

	/** Awaiting anything that crosses Kafka without a deadline of its own. */
	protected static final Duration PATIENCE = Duration.ofSeconds(30);

	protected static final Duration GRACE = Duration.ofSeconds(1);

	protected static final Duration LEASE = Duration.ofSeconds(3);

	protected static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	protected static final DevIssuer TOKENS = DevIssuer.serving(ISSUER, AUDIENCE);

	private static final DevPostgres.Database DATABASE = DevPostgres.freshDatabase("presence");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		DATABASE.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
		TOKENS.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected KafkaTemplate<String, byte[]> kafka;

	@Autowired
	protected EmbeddedKafkaBroker broker;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@LocalServerPort
	protected int port;

	/**
	 * Every listener has its partitions (new groups start at the end of their topics) and
	 * the warm-up is over (readiness UP), so what a test produces is seen and published.
	 */
	@BeforeEach
	void serviceIsReady() {
		await().atMost(PATIENCE).until(() -> this.listeners.getListenerContainers().stream().allMatch(container -> {
			Collection<TopicPartition> assigned = container.getAssignedPartitions();
			return assigned != null && !assigned.isEmpty();
		}));
		await().atMost(PATIENCE).until(() -> api().get("/readyz", null).status() == 200);
	}

	/** An id no other test uses. */
	protected static String user(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A valid token for {@code userId}. */
	protected static String token(String userId) {
		return TOKENS.mint(userId, Duration.ofMinutes(10));
	}

	protected Api api() {
		return new Api(this.port);
	}

	/** A simulated edge node writing to {@code chat.connections.v1}; close it. */
	protected FakeEdgeNode edgeNode() {
		return new FakeEdgeNode(this.kafka, user("node"), HEARTBEAT_INTERVAL);
	}

	/**
	 * Writes the record to {@code topic} as its writer would and waits until the broker
	 * has it.
	 */
	protected void produce(String topic, ChatRecord record) {
		try {
			this.kafka.send(KafkaRecords.record(topic, "test", record)).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("test record not acknowledged", ex);
		}
	}

	/** A reader of {@code topic} from its beginning; close it. */
	protected TopicReader read(String topic) {
		return new TopicReader(this.broker.getBrokersAsString(), topic, PATIENCE);
	}

	/**
	 * The values of the records with {@code key} that {@code reader} has seen, as
	 * {@code type}, after one more poll.
	 */
	protected static <T> List<T> values(TopicReader reader, Object key, Class<T> type) {
		String expected = String.valueOf(key);
		return reader.poll(record -> expected.equals(record.key()))
			.stream()
			.map(record -> KafkaRecords.value(record, type))
			.toList();
	}

	protected void assertStored(String userId, boolean online) {
		assertThat(this.jdbc.sql("SELECT online FROM last_seen WHERE user_id = :id")
			.param("id", userId)
			.query(Boolean.class)
			.optional()).contains(online);
	}

}
