package chat.connection;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import chat.connection.membership.Memberships;
import chat.contracts.ChatRecord;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.SendMessage;
import chat.contracts.presence.PresenceChanged;
import chat.contracts.presence.TypingUpdated;
import chat.contracts.receipt.ReceiptUpdated;
import chat.testsupport.Api;
import chat.devinfra.DevIssuer;
import chat.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one Spring context of this module's integration tests: the edge on a random port, a
 * real in-JVM KRaft broker holding the topics other services write (the edge declares its
 * own), and a real dev issuer serving its JWKS. The message, presence and receipt
 * services are not running (the message service's URL is a closed port); tests play their
 * part on Kafka: they read the commands and session events the edge writes and publish
 * membership, stored-message, rejection, presence, typing and receipt events.
 *
 * <p>
 * Every test class extends this class and adds no context configuration, so the context
 * is built once. Tests isolate themselves with fresh user names and conversation ids
 * instead of fresh contexts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
// The tests play the message service and answer sends as late as they need: slow acks
// here are no queue, so the load shedder (tested by OverloadedSendIntegrationTests, which
// sets its own target) never refuses a send.
@TestPropertySource(properties = "chat.edge.shedding.ack-latency-target=1h")
@EmbeddedKafka(partitions = 3, topics = { Topics.MESSAGES, Topics.MESSAGE_REJECTIONS, Topics.CONVERSATIONS,
		Topics.PRESENCE, Topics.TYPING, Topics.RECEIPTS }, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class EdgeIntegrationSupport {

	public static final String ISSUER_ID = "http://issuer.test";

	public static final String AUDIENCE = "chat";

	/** {@code chat.edge.node-id} of the edge under test. */
	public static final String NODE_ID = "edge-it";

	/**
	 * {@code chat.edge.heartbeat-interval} of the edge under test: short, so a heartbeat
	 * test waits about a second rather than the default 5 s; the extra records go to a
	 * topic no other test reads in bulk.
	 */
	public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

	/**
	 * Kafka paths (broker round trips, consumer polls) get this long on a busy 2-core
	 * machine.
	 */
	public static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(20);

	/** {@code chat.security.allowed-origins} of the edge under test. */
	public static final String ALLOWED_ORIGIN = "http://app.test:5173";

	/** {@code chat.edge.limits.max-sessions}: small, so a test can fill the node. */
	public static final int MAX_SESSIONS = 60;

	/**
	 * {@code chat.edge.limits.connect-timeout}: shorter than the default, long enough for
	 * a busy machine.
	 */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(8);

	/** {@code chat.edge.token-expiry-warning}: short, so a test waits seconds. */
	public static final Duration TOKEN_EXPIRY_WARNING = Duration.ofSeconds(4);

	protected static final DevIssuer ISSUER = startIssuer();

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
		ISSUER.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
		// Nothing listens on port 1: a membership cache miss finds the message service
		// unavailable.
		registry.add("chat.edge.message-service-url", () -> "http://127.0.0.1:1");
		registry.add("chat.edge.node-id", () -> NODE_ID);
		registry.add("chat.edge.heartbeat-interval", () -> HEARTBEAT_INTERVAL.toMillis() + "ms");
		registry.add("chat.security.allowed-origins", () -> ALLOWED_ORIGIN);
		registry.add("chat.edge.limits.max-sessions", () -> MAX_SESSIONS);
		registry.add("chat.edge.limits.connect-timeout", () -> CONNECT_TIMEOUT.toMillis() + "ms");
		registry.add("chat.edge.token-expiry-warning", () -> TOKEN_EXPIRY_WARNING.toMillis() + "ms");
	}

	private static DevIssuer startIssuer() {
		DevIssuer issuer = DevIssuer.serving(ISSUER_ID, AUDIENCE);
		Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "dev-issuer-stop"));
		return issuer;
	}

	/**
	 * Fan-out consumers start at the latest offset, so nothing may be published before
	 * they have their partitions: wait for readiness, which includes exactly that.
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

	/**
	 * A user name no other test uses, so acks and errors of other tests never reach this
	 * one.
	 */
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

	/**
	 * A STOMP session of {@code user}, subscribed to its acks and errors and ready to
	 * receive them.
	 */
	protected StompTestClient connectWithQueues(String user) {
		StompTestClient client = connect(user);
		client.subscribeAcksAndErrors();
		return client;
	}

	protected <T extends AutoCloseable> T closeAfterTest(T closeable) {
		this.opened.add(closeable);
		return closeable;
	}

	/** A GET without a token. */
	protected Api.Response get(String path) {
		return new Api(this.port).get(path, null);
	}

	// ---- the other services' part on Kafka

	/** The topic of each event the tests publish, and the service that writes it. */
	private record Writer(String topic, String source) {

		static Writer of(ChatRecord record) {
			if (record instanceof MessageCreated) {
				return new Writer(Topics.MESSAGES, "message-service");
			}
			if (record instanceof MessageRejected) {
				return new Writer(Topics.MESSAGE_REJECTIONS, "message-service");
			}
			if (record instanceof ConversationMembersChanged) {
				return new Writer(Topics.CONVERSATIONS, "message-service");
			}
			if (record instanceof PresenceChanged) {
				return new Writer(Topics.PRESENCE, "presence-service");
			}
			if (record instanceof TypingUpdated) {
				return new Writer(Topics.TYPING, "presence-service");
			}
			if (record instanceof ReceiptUpdated) {
				return new Writer(Topics.RECEIPTS, "receipt-service");
			}
			throw new IllegalArgumentException("The edge reads no " + record.type());
		}

	}

	/**
	 * Publishes {@code record} to its topic as the service that writes it would, and
	 * waits for the broker's ack.
	 */
	protected void publish(ChatRecord record) {
		Writer writer = Writer.of(record);
		try {
			this.kafka.send(KafkaRecords.record(writer.topic(), writer.source(), record))
				.get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not publish " + record.type(), ex);
		}
	}

	/**
	 * A new conversation of {@code members}, published and known to the edge's membership
	 * cache.
	 */
	protected UUID conversationOf(String... members) {
		return conversationOf(UUID.randomUUID(), members);
	}

	/**
	 * Conversation {@code conversationId} with {@code members} (version 1), known to the
	 * membership cache.
	 */
	protected UUID conversationOf(UUID conversationId, String... members) {
		return membersChanged(conversationId, 1, List.of(members), List.of());
	}

	/**
	 * Publishes version {@code version} of {@code conversationId}'s member set, in which
	 * {@code participants} took part, and waits until the edge knows it.
	 */
	protected UUID membersChanged(UUID conversationId, long version, List<String> members, List<String> participants) {
		publish(new ConversationMembersChanged(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
				conversationId, version, members, participants));
		await("membership of " + conversationId).atMost(KAFKA_TIMEOUT)
			.until(() -> this.memberships.members(conversationId).equals(Set.copyOf(members))
					&& this.memberships.participants(conversationId).equals(Set.copyOf(participants)));
		return conversationId;
	}

	/**
	 * What the message service publishes once it stored {@code command} as message
	 * {@code seq}.
	 */
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
	 * Every record on the send-command topic keyed by {@code conversationId}, read from
	 * the start until {@code until} holds for them.
	 */
	protected List<ConsumerRecord<String, byte[]>> commandsOf(UUID conversationId,
			Predicate<List<ConsumerRecord<String, byte[]>>> until) {
		return recordsOf(Topics.MESSAGE_COMMANDS, conversationId.toString(), until);
	}

	/**
	 * Every record of {@code topic} with key {@code key}, in partition order, read from
	 * the start until {@code until} holds for them.
	 */
	protected List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String key,
			Predicate<List<ConsumerRecord<String, byte[]>>> until) {
		try (TopicReader reader = new TopicReader(this.broker.getBrokersAsString(), topic, KAFKA_TIMEOUT)) {
			return await(topic + " records of " + key).atMost(KAFKA_TIMEOUT)
				.pollInSameThread()
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> reader.poll(record -> key.equals(record.key())), until);
		}
	}

	/**
	 * Asserts that {@code record} carries {@code payload} as the edge writes every
	 * record: CloudEvents headers in binary mode, JSON, keyed by the aggregate, no Java
	 * type names.
	 */
	protected static void assertWrittenByTheEdge(ConsumerRecord<String, byte[]> record, ChatRecord payload) {
		assertThat(record.key()).isEqualTo(payload.key());
		assertThat(KafkaRecords.header(record, KafkaRecords.CE_SPECVERSION)).isEqualTo("1.0");
		assertThat(KafkaRecords.header(record, KafkaRecords.CE_ID)).isEqualTo(payload.eventId().toString());
		assertThat(KafkaRecords.header(record, KafkaRecords.CE_TYPE)).isEqualTo(payload.type());
		assertThat(KafkaRecords.header(record, KafkaRecords.CE_SOURCE)).isEqualTo("connection-service");
		assertThat(KafkaRecords.header(record, KafkaRecords.CE_TIME)).isEqualTo(payload.occurredAt().toString());
		assertThat(KafkaRecords.header(record, KafkaRecords.CONTENT_TYPE)).isEqualTo("application/json");
		assertThat(record.headers().lastHeader("__TypeId__")).isNull();
	}

	// ---- metrics

	/** {@code /actuator/prometheus} as a scraper sees it. */
	protected String scrape() {
		Api.Response response = get("/actuator/prometheus");
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	/**
	 * The sample of {@code name} in {@code scrape} whose labels contain {@code labels}; 0
	 * when absent.
	 */
	protected static double metric(String scrape, String name, String labels) {
		Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
		while (sample.find()) {
			String found = (sample.group(1) != null) ? sample.group(1) : "";
			if (found.contains(labels)) {
				return Double.parseDouble(sample.group(2));
			}
		}
		return 0;
	}

	/**
	 * Sessions the broker has subscribed to {@code destination}: zero for a refused
	 * subscription.
	 */
	protected int subscribers(String destination) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(destination);
		return this.simpleBroker.getSubscriptionRegistry()
			.findSubscriptions(MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders()))
			.size();
	}

}
