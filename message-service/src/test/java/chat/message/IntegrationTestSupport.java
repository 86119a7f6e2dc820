package chat.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.message.SendMessage;
import chat.testsupport.Api;
import chat.devinfra.DevIssuer;
import chat.devinfra.DevPostgres;
import chat.testsupport.TopicReader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Spring context every integration test shares (same annotations and property
 * source, so the context cache starts it once per JVM): the whole service on a random
 * port, a real in-JVM KRaft broker, a fresh database on a real PostgreSQL, and the dev
 * token issuer serving its JWKS.
 *
 * <p>
 * Tests share the broker and the database, so each one works in conversations and with
 * user ids of its own ({@link #user(String)}) and filters what it reads by key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The edge declares the command topic in production; here the test broker does.
@EmbeddedKafka(partitions = 3, topics = Topics.MESSAGE_COMMANDS,
		bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class IntegrationTestSupport {

	protected static final String ISSUER = "https://issuer.chat.test";

	protected static final String AUDIENCE = "chat";

	/** Awaiting anything that crosses Kafka. */
	protected static final Duration PATIENCE = Duration.ofSeconds(30);

	protected static final DevIssuer TOKENS = startIssuer();

	private static final DevPostgres.Database DATABASE = DevPostgres.freshDatabase("message");

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

	@LocalServerPort
	protected int port;

	/**
	 * The issuer's key, kept in a file so tests can also sign tokens with claims
	 * DevIssuer cannot set.
	 */
	private static Path issuerKeyFile;

	private static DevIssuer startIssuer() {
		try {
			issuerKeyFile = Files.createTempDirectory("message-service-issuer").resolve("key.json");
			issuerKeyFile.toFile().deleteOnExit();
			issuerKeyFile.getParent().toFile().deleteOnExit();
			return DevIssuer.withKeyFile(issuerKeyFile, ISSUER, AUDIENCE).serve("127.0.0.1", 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A token with exactly these claims, signed with the issuer's key. DevIssuer always
	 * sets {@code iat} to now, so its tokens cannot expire in the past without also being
	 * malformed ({@code exp} before {@code iat}).
	 */
	protected static String signed(JWTClaimsSet claims) {
		try {
			RSAKey key = RSAKey.parse(Files.readString(issuerKeyFile));
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (IOException | ParseException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

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
	 * Creates a conversation over REST as {@code creator}, with {@code others} as
	 * members.
	 */
	protected UUID createConversation(String creator, String... others) {
		Api.Response created = api().post("/api/conversations", token(creator),
				Map.of("title", "test", "memberIds", List.of(others)));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return UUID.fromString(created.json().get("id").asString());
	}

	/** A send command as the edge would write it, with a fresh command id. */
	protected static SendMessage command(UUID conversationId, String senderId, UUID clientMessageId, String text) {
		return new SendMessage(UUID.randomUUID(), Instant.now(), conversationId, senderId, clientMessageId, text);
	}

	/**
	 * Writes the commands to the command topic, in order, and waits until the broker has
	 * them.
	 */
	protected void produce(SendMessage... commands) {
		List<CompletableFuture<?>> sends = new ArrayList<>();
		for (SendMessage command : commands) {
			sends.add(this.kafka.send(KafkaRecords.record(Topics.MESSAGE_COMMANDS, "test", command)));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("test commands not acknowledged", ex);
		}
	}

	/** A reader of {@code topic} from its beginning; close it. */
	protected TopicReader read(String topic) {
		return new TopicReader(this.broker.getBrokersAsString(), topic, PATIENCE);
	}

	protected long storedMessages(UUID conversationId) {
		return this.jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :id")
			.param("id", conversationId)
			.query(Long.class)
			.single();
	}

	protected long lastSeq(UUID conversationId) {
		return this.jdbc.sql("SELECT last_seq FROM conversations WHERE id = :id")
			.param("id", conversationId)
			.query(Long.class)
			.single();
	}

}
