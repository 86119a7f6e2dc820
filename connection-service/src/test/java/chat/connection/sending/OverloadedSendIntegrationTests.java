package chat.connection.sending;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.ManualClock;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.MessageAck;
import chat.contracts.message.SendMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load shedding at the edge, with the default target (150 ms) and interval (250 ms) and a
 * clock the test moves: when acks stay slow for the interval, sends get
 * {@code OVERLOADED} with {@code retryAfterMs} and never reach Kafka; a fast ack, or an
 * interval without a slow one, lets sends through again. A shed send costs the user no
 * rate-limit token: with a burst of 3 and 1 send per second, the sends let through after
 * the refused ones would be {@code RATE_LIMITED} otherwise. Its own context, because of
 * the clock.
 */
@Import(OverloadedSendIntegrationTests.ManualClockConfig.class)
@TestPropertySource(properties = { "chat.edge.shedding.ack-latency-target=150ms", "chat.edge.send-burst=3",
		"chat.edge.send-rate-per-second=1" })
class OverloadedSendIntegrationTests extends EdgeIntegrationSupport {

	private static final Duration INTERVAL = Duration.ofMillis(250);

	@Autowired
	private ManualClock clock;

	@BeforeEach
	void freezeTheClock() {
		this.clock.stop();
	}

	@AfterEach
	void runTheClock() {
		this.clock.run();
	}

	@Test
	void slowAcksForTheIntervalMakeSendsOverloadedUntilAFastAckOrAQuietInterval() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);
		UUID a1 = send(client, conversationId);
		UUID a2 = send(client, conversationId);
		UUID a3 = send(client, conversationId);
		List<SendMessage> queued = List.of(awaitCommand(conversationId, a1), awaitCommand(conversationId, a2),
				awaitCommand(conversationId, a3));

		this.clock.advance(Duration.ofSeconds(1));
		answer(client, queued.get(0), 1);
		this.clock.advance(INTERVAL);
		answer(client, queued.get(1), 2);
		UUID refused = send(client, conversationId);
		assertOverloaded(ackOf(client, refused));

		this.clock.advance(INTERVAL);
		UUID afterQuiet = send(client, conversationId);
		SendMessage published = awaitCommand(conversationId, afterQuiet);
		assertThat(commandsOf(conversationId, records -> records.stream().anyMatch(r -> command(r).equals(published))))
			.map(EdgeIntegrationSupport::command)
			.extracting(SendMessage::clientMessageId)
			.as("the refused send never reached Kafka")
			.containsExactly(a1, a2, a3, afterQuiet);

		answer(client, queued.get(2), 3);
		assertOverloaded(ackOf(client, send(client, conversationId)));
		answer(client, published, 4);
		this.clock.advance(Duration.ofSeconds(1)); // a token back: the burst is spent
		UUID afterFastAck = send(client, conversationId);
		assertThat(awaitCommand(conversationId, afterFastAck).clientMessageId()).isEqualTo(afterFastAck);
		String scrape = scrape();
		assertThat(metric(scrape, "chat_edge_sends_total", "code=\"OVERLOADED\",outcome=\"rejected\"")).isEqualTo(2);
		assertThat(metric(scrape, "chat_edge_sends_total", "code=\"RATE_LIMITED\",outcome=\"rejected\"")).isZero();
	}

	private static void assertOverloaded(MessageAck ack) {
		assertThat(ack.status()).isEqualTo(MessageAck.Status.REJECTED);
		assertThat(ack.error().code()).isEqualTo(ErrorCode.OVERLOADED);
		assertThat(ack.error().retryAfterMs()).as("the interval left, plus jitter under one interval")
			.isBetween(INTERVAL.toMillis(), 2 * INTERVAL.toMillis());
	}

	private static UUID send(StompTestClient client, UUID conversationId) {
		UUID id = UUID.randomUUID();
		client.sendMessage(conversationId, id.toString(), "text");
		return id;
	}

	private void answer(StompTestClient client, SendMessage command, long seq) {
		publish(storedAs(command, seq));
		ackOf(client, command.clientMessageId());
	}

	private static MessageAck ackOf(StompTestClient client, UUID clientMessageId) {
		return await("ack of " + clientMessageId).atMost(KAFKA_TIMEOUT)
			.until(() -> client.acks()
				.stream()
				.filter(ack -> clientMessageId.toString().equals(ack.clientMessageId()))
				.findFirst()
				.orElse(null), ack -> ack != null);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ManualClockConfig {

		@Bean
		ManualClock clock() {
			return new ManualClock();
		}

	}

}
