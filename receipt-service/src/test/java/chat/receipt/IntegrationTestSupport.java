package chat.receipt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import chat.contracts.ChatRecord;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.contracts.message.MessageCreated;
import chat.contracts.receipt.AdvanceReceipt;
import chat.contracts.receipt.ReceiptUpdated;
import chat.testsupport.Api;
import chat.devinfra.DevIssuer;
import chat.devinfra.DevPostgres;
import chat.testsupport.TopicReader;
import chat.receipt.membership.Memberships;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * The one Spring context every integration test shares (same annotations and property
 * source, so the context cache starts it once per JVM): the whole service on a random
 * port, a real in-JVM KRaft broker, a fresh database on a real PostgreSQL, and the dev
 * token issuer serving its JWKS.
 *
 * <p>
 * Tests play the other services: they publish membership records and stored messages as
 * the message service would, and receipt commands as the edge would. They share the
 * broker and the database, so each works in conversations and with user ids of its own
 * and filters what it reads by key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "chat.receipt.watermarks.membership-grace=500ms")
// The message service and the edge declare these topics in production; here the test
// broker does.
@EmbeddedKafka(partitions = 3, topics = { Topics.RECEIPT_COMMANDS, Topics.MESSAGES, Topics.CONVERSATIONS },
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class IntegrationTestSupport {

	protected static final String ISSUER = "https://issuer.chat.test";

	protected static final String AUDIENCE = "chat";

	/** Awaiting anything that crosses Kafka. */
	public static final Duration PATIENCE = Duration.ofSeconds(30);

	protected static final DevIssuer TOKENS = DevIssuer.serving(ISSUER, AUDIENCE);

	private static final DevPostgres.Database DATABASE = DevPostgres.freshDatabase("receipt");

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
	protected Memberships memberships;

	@Autowired
	protected MeterRegistry meters;

	@LocalServerPort
	protected int port;

	/** A user id no other test uses. */
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

	/**
	 * Publishes a new conversation's members as the message service would, and waits
	 * until the view has them.
	 */
	protected UUID conversation(String... members) {
		UUID conversationId = UUID.randomUUID();
		members(conversationId, 1, members);
		return conversationId;
	}

	/**
	 * Publishes a membership change and waits until the view shows exactly these members.
	 */
	protected void members(UUID conversationId, long version, String... members) {
		produce(Topics.CONVERSATIONS, new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), conversationId,
				version, List.of(members)));
		Optional<Set<String>> expected = Optional.of(Set.of(members));
		await().atMost(PATIENCE).until(() -> this.memberships.members(conversationId).equals(expected));
	}

	/**
	 * Publishes stored messages {@code fromSeq..toSeq} of {@code senderId}, as the
	 * message service would.
	 */
	protected void messages(UUID conversationId, String senderId, long fromSeq, long toSeq) {
		List<ChatRecord> created = new ArrayList<>();
		for (long seq = fromSeq; seq <= toSeq; seq++) {
			created.add(new MessageCreated(UUID.randomUUID(), conversationId, seq, senderId, UUID.randomUUID(),
					"message " + seq, Instant.now()));
		}
		produce(Topics.MESSAGES, created.toArray(ChatRecord[]::new));
	}

	/**
	 * Publishes messages and waits until the service has committed the conversation's new
	 * last seq.
	 */
	protected void messagesStored(UUID conversationId, String senderId, long fromSeq, long toSeq) {
		messages(conversationId, senderId, fromSeq, toSeq);
		await().atMost(PATIENCE).until(() -> lastSeq(conversationId) == toSeq);
	}

	/** A receipt command as the edge would write it, with a fresh command id. */
	protected static AdvanceReceipt command(UUID conversationId, String userId, AdvanceReceipt.Kind kind,
			long upToSeq) {
		return new AdvanceReceipt(UUID.randomUUID(), Instant.now(), conversationId, userId, kind, upToSeq);
	}

	/** Writes records to a topic, in order, and waits until the broker has them. */
	protected void produce(String topic, ChatRecord... records) {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (ChatRecord record : records) {
			sends.add(this.kafka.send(KafkaRecords.record(topic, "test", record)));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("test records not acknowledged", ex);
		}
	}

	protected void produce(AdvanceReceipt... commands) {
		produce(Topics.RECEIPT_COMMANDS, commands);
	}

	/** A reader of {@code topic} from its beginning; close it. */
	protected TopicReader read(String topic) {
		return new TopicReader(this.broker.getBrokersAsString(), topic, PATIENCE);
	}

	/**
	 * Every receipt event of one member that {@code receipts} has seen, in publish order
	 * (after one more poll).
	 */
	protected static List<ReceiptUpdated> receiptsOf(TopicReader receipts, Object conversationId, String userId) {
		String key = String.valueOf(conversationId);
		return receipts.poll(record -> key.equals(record.key()))
			.stream()
			.map(record -> KafkaRecords.value(record, ReceiptUpdated.class))
			.filter(event -> event.userId().equals(userId))
			.toList();
	}

	/**
	 * Waits until a receipt event of the member with exactly these watermarks has
	 * arrived; returns its record.
	 */
	protected static ConsumerRecord<String, byte[]> awaitReceipt(TopicReader receipts, Object conversationId,
			String userId, long delivered, long read) {
		String key = String.valueOf(conversationId);
		return receipts.awaitMatching(record -> {
			if (!key.equals(record.key())) {
				return false;
			}
			ReceiptUpdated event = KafkaRecords.value(record, ReceiptUpdated.class);
			return event.userId().equals(userId) && event.deliveredUpToSeq() == delivered
					&& event.readUpToSeq() == read;
		}, 1).get(0);
	}

	/** The last seq the service has committed for a conversation, 0 when none. */
	protected long lastSeq(UUID conversationId) {
		return this.jdbc.sql("SELECT last_seq FROM conversations WHERE conversation_id = :id")
			.param("id", conversationId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/**
	 * Stored watermarks {@code [delivered, read]} of a member, empty when there is no
	 * row.
	 */
	protected Optional<List<Long>> stored(UUID conversationId, String userId) {
		return this.jdbc.sql(
				"SELECT delivered_up_to_seq, read_up_to_seq FROM watermarks WHERE conversation_id = :id AND user_id = :user")
			.param("id", conversationId)
			.param("user", userId)
			.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
			.optional();
	}

	/** The current value of a counter, 0 when absent. */
	protected double counter(String name, String... tags) {
		var counter = this.meters.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
