package chat.message.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.SendMessage;
import chat.devinfra.DevPostgres;
import chat.testsupport.TcpProxy;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service reaches PostgreSQL through a TCP proxy the test cuts: a database that is
 * down. Valid commands are retried until it is back, never dead-lettered, even when a
 * malformed record sits in the same poll; readiness is DOWN meanwhile, liveness is not.
 */
class DatabaseOutageIntegrationTests extends IntegrationTestSupport {

	private static final DevPostgres.Database DATABASE = DevPostgres.freshDatabase("outage");

	private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

	private static final TcpProxy PROXY = proxyTo(DATABASE.url());

	/**
	 * Hikari's own URL, bound onto the pool after it is built, so it wins over the shared
	 * {@code spring.datasource.url} of the superclass.
	 */
	@DynamicPropertySource
	static void databaseBehindProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.hikari.jdbc-url", () -> HOST_PORT.matcher(DATABASE.url())
			.replaceFirst(Matcher.quoteReplacement("//127.0.0.1:" + PROXY.port() + "/")));
	}

	@Autowired
	private MeterRegistry meters;

	/** The pool has reconnected after the previous test's outage. */
	@BeforeEach
	void databaseIsReachable() {
		await().atMost(PATIENCE).ignoreExceptions().until(() -> api().get("/readyz", null).status() == 200);
	}

	@AfterEach
	void restore() {
		PROXY.restore();
	}

	@Test
	void databaseDownThenMalformedRecordInTheSamePollDeadLettersOnlyTheMalformedRecord() throws Exception {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		SendMessage first = command(conversation, alice, UUID.randomUUID(), "first");
		SendMessage second = command(conversation, alice, UUID.randomUUID(), "second");
		byte[] poison = "{not a command".getBytes(StandardCharsets.UTF_8);

		try (TopicReader deadLetters = read(Topics.deadLetter(Topics.MESSAGE_COMMANDS));
				TopicReader messages = read(Topics.MESSAGES)) {
			PROXY.cut();
			double failures = transientFailures();
			// same key, so one partition: first, poison, second, polled together on retry
			produce(first);
			this.kafka.send(new ProducerRecord<>(Topics.MESSAGE_COMMANDS, conversation.toString(), poison)).get();
			produce(second);
			// two failed attempts after all three were written: the second poll held them
			await().atMost(PATIENCE).until(() -> transientFailures() >= failures + 2);
			PROXY.restore();

			List<MessageCreated> created = messages.awaitKey(conversation, 2)
				.stream()
				.map(record -> KafkaRecords.value(record, MessageCreated.class))
				.toList();
			assertThat(created).map(MessageCreated::text).containsExactly("first", "second");
			List<ConsumerRecord<String, byte[]>> dead = deadLetters.awaitKey(conversation, 1);
			assertThat(dead).singleElement().satisfies(record -> assertThat(record.value()).isEqualTo(poison));
		}
		assertThat(storedMessages(conversation)).isEqualTo(2);
	}

	@Test
	void readinessIsDownWhileTheDatabaseIsDownAndLivenessStaysUp() {
		assertThat(api().get("/readyz", null).status()).isEqualTo(200);

		PROXY.cut();
		await().atMost(PATIENCE).until(() -> api().get("/readyz", null).status() == 503);
		assertThat(api().get("/livez", null).status()).isEqualTo(200);

		PROXY.restore();
		await().atMost(PATIENCE).until(() -> api().get("/readyz", null).status() == 200);
	}

	private double transientFailures() {
		return this.meters.get("chat.kafka.listener.failures").tag("kind", "transient").counter().count();
	}

	private static TcpProxy proxyTo(String url) {
		Matcher matcher = HOST_PORT.matcher(url);
		if (!matcher.find()) {
			throw new IllegalStateException("No host and port in " + url);
		}
		return TcpProxy.to(matcher.group(1), Integer.parseInt(matcher.group(2)));
	}

}
