package chat.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import chat.connection.membership.Memberships;
import chat.contracts.ChatRecord;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.SendMessage;
import chat.devinfra.DevIssuer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The one Spring context of this module's integration tests: the edge on a random port, a real in-JVM KRaft
 * broker holding the topics other services write (the edge declares its own), and a real dev issuer serving
 * its JWKS. The message service is not running (its URL is a closed
 * port); tests play its part on Kafka: they read send commands and publish membership, stored-message and
 * rejection events.
 *
 * <p>
 * Every test class extends this class and adds no context configuration, so the context is built once.
 * Tests isolate themselves with fresh user names and conversation ids instead of fresh contexts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3,
		topics = { Topics.MESSAGES, Topics.MESSAGE_REJECTIONS, Topics.CONVERSATIONS, Topics.PRESENCE, Topics.TYPING,
				Topics.RECEIPTS },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class EdgeIntegrationSupport {

	public static final String ISSUER_ID = "http://issuer.test";

	public static final String AUDIENCE = "chat";

	/** Kafka paths (broker round trips, consumer polls) get this long on a busy 2-core machine. */
	public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(20);

	protected static final DevIssuer ISSUER = startIssuer();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	@Autowired
	protected KafkaTemplate<String, byte[]> kafka;

	@Autowired
	protected EmbeddedKafkaBroker broker;

	@Autowired
	protected Memberships memberships;

	@Autowired
	private SimpleBrokerMessageHandler simpleBroker;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@DynamicPropertySource
	static void edgeProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> ISSUER.jwksUri().toString());
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER_ID);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
		// Nothing listens on port 1: a membership cache miss finds the message service unavailable.
		registry.add("chat.edge.message-service-url", () -> "http://127.0.0.1:1");
	}

	private static DevIssuer startIssuer() {
		try {
			DevIssuer issuer = DevIssuer.create(ISSUER_ID, AUDIENCE).serve("127.0.0.1", 0);
			Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "dev-issuer-stop"));
			return issuer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Fan-out consumers start at the latest offset, so nothing may be published before they have their
	 * partitions: wait for readiness, which includes exactly that.
	 */
	@BeforeEach
	void awaitReadiness() {
		await("readiness UP").atMost(KAFKA_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get("/actuator/health/readiness").body().contains("\"UP\""));
	}

	@AfterEach
	void closeOpened() throws Exception {
		for (AutoCloseable closeable : this.opened) {
			closeable.close();
		}
		this.opened.clear();
	}

	/** A user name no other test uses, so acks and errors of other tests never reach this one. */
	protected static String newUser(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected static String tokenFor(String user) {
		return ISSUER.mint(user, Duration.ofHours(1));
	}

	protected String wsUrl() {
		return "ws://127.0.0.1:" + this.port + "/ws";
	}

	/** A STOMP session of {@code user} over a real socket, closed after the test. */
	protected StompTestClient connect(String user) {
		return closeAfterTest(StompTestClient.connect(wsUrl(), tokenFor(user)));
	}

	/** A STOMP session of {@code user}, subscribed to its acks and errors and ready to receive them. */
	protected StompTestClient connectWithQueues(String user) {
		StompTestClient client = connect(user);
		client.subscribeAcksAndErrors();
		return client;
	}

	protected <T extends AutoCloseable> T closeAfterTest(T closeable) {
		this.opened.add(closeable);
		return closeable;
	}

	protected HttpResponse<String> get(String path) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(10))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	// ---- the message service's part on Kafka

	/** Publishes {@code record} to its topic as the message service would, and waits for the broker's ack. */
	protected void publish(ChatRecord record) {
		try {
			this.kafka.send(KafkaRecords.record(topicOf(record), "message-service", record))
				.get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish " + record.type(), ex);
		}
	}

	private static String topicOf(ChatRecord record) {
		if (record instanceof MessageCreated) {
			return Topics.MESSAGES;
		}
		if (record instanceof MessageRejected) {
			return Topics.MESSAGE_REJECTIONS;
		}
		if (record instanceof ConversationMembersChanged) {
			return Topics.CONVERSATIONS;
		}
		throw new IllegalArgumentException("The message service does not write " + record.type());
	}

	/** A new conversation of {@code members}, published and known to the edge's membership cache. */
	protected UUID conversationOf(String... members) {
		UUID conversationId = UUID.randomUUID();
		publish(new ConversationMembersChanged(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
				conversationId, 1, List.of(members)));
		await("membership of " + conversationId).atMost(KAFKA_TIMEOUT)
			.until(() -> this.memberships.members(conversationId).equals(Set.of(members)));
		return conversationId;
	}

	/** What the message service publishes once it stored {@code command} as message {@code seq}. */
	protected static MessageCreated storedAs(SendMessage command, long seq) {
		return new MessageCreated(UUID.randomUUID(), command.conversationId(), seq, command.senderId(),
				command.clientMessageId(), command.text(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	/** The send command of {@code clientMessageId} once the edge has written it. */
	protected SendMessage awaitCommand(UUID conversationId, UUID clientMessageId) {
		List<ConsumerRecord<String, byte[]>> records = commandsOf(conversationId,
				found -> found.stream().anyMatch(record -> command(record).clientMessageId().equals(clientMessageId)));
		return records.stream()
			.map(EdgeIntegrationSupport::command)
			.filter(command -> command.clientMessageId().equals(clientMessageId))
			.findFirst()
			.orElseThrow();
	}

	protected static SendMessage command(ConsumerRecord<String, byte[]> record) {
		return KafkaRecords.value(record, SendMessage.class);
	}

	/**
	 * Every record on the command topic keyed by {@code conversationId}, read from the start until
	 * {@code until} holds for them.
	 */
	protected List<ConsumerRecord<String, byte[]>> commandsOf(UUID conversationId,
			Predicate<List<ConsumerRecord<String, byte[]>>> until) {
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.MESSAGE_COMMANDS)
				.stream()
				.map(info -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await("commands of " + conversationId).atMost(KAFKA_TIMEOUT).pollInSameThread().pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> {
					consumer.poll(Duration.ofMillis(200)).forEach(record -> {
						if (conversationId.toString().equals(record.key())) {
							found.add(record);
						}
					});
					return until.test(found);
				});
		}
		return found;
	}

	/** Sessions the broker has subscribed to {@code destination}: zero for a refused subscription. */
	protected int subscribers(String destination) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(destination);
		return this.simpleBroker.getSubscriptionRegistry()
			.findSubscriptions(MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders()))
			.size();
	}

}
