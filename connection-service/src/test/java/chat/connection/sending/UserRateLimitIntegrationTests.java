package chat.connection.sending;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import chat.contracts.client.MessageAck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The send limit belongs to the user, not the session: two sessions share it, and every
 * refused send says when to retry.
 */
class UserRateLimitIntegrationTests extends EdgeIntegrationSupport {

	/** {@code chat.edge.send-burst} and {@code send-rate-per-second} defaults. */
	private static final int BURST = 10;

	private static final int RATE = 10;

	@Test
	void sixtySendsInABurstFromTwoSessionsOfOneUserAreLimitedTogether() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient first = connectWithQueues(alice);
		StompTestClient second = connectWithQueues(alice);

		long started = System.nanoTime();
		for (int i = 0; i < 30; i++) {
			first.sendMessage(conversationId, UUID.randomUUID().toString(), "one " + i);
			second.sendMessage(conversationId, UUID.randomUUID().toString(), "two " + i);
		}

		// Every ack reaches every session of the sender; the limited ones are answered
		// at once, the published ones wait for the message service (not running here),
		// so each send is either a command on Kafka or a RATE_LIMITED ack.
		List<?> published = commandsOf(conversationId, records -> records.size() + first.acks().size() >= 60);
		double elapsedSeconds = (System.nanoTime() - started) / 1e9;
		List<MessageAck> limited = first.acks();
		assertThat(published.size() + limited.size()).isEqualTo(60);
		assertThat(limited).allSatisfy(ack -> {
			assertThat(ack.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
			assertThat(ack.error().retryAfterMs()).isPositive().isLessThanOrEqualTo(1000L / RATE);
		});
		assertThat(published.size()).isGreaterThanOrEqualTo(BURST)
			.isLessThanOrEqualTo(BURST + (int) Math.ceil(RATE * elapsedSeconds) + 1);
		await("both sessions told").atMost(KAFKA_TIMEOUT).until(() -> second.acks().size() == limited.size());
	}

	@Test
	void readFramesBeyondTheUserLimitGetRateLimitedWithRetryAfter() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);

		for (int i = 1; i <= 40; i++) {
			client.sendRead(conversationId, i);
		}

		await("rate-limited errors").atMost(KAFKA_TIMEOUT).until(() -> !client.errors().isEmpty());
		assertThat(client.errors()).allSatisfy(error -> {
			assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
			assertThat(error.retryAfterMs()).isPositive();
		}).extracting(ClientError::destination).allMatch(destination -> destination.endsWith("/read"));
	}

}
