package chat.connection.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.message.MessageCreated;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages of one conversation reach each session in seq order, as the message service
 * published them.
 */
class PerSessionOrderIntegrationTests extends EdgeIntegrationSupport {

	private static final int MESSAGES = 100;

	@Test
	void subscriberReceivesMessagesOfAConversationInSeqOrder() throws Exception {
		String alice = newUser("alice");
		String bob = newUser("bob");
		UUID conversationId = conversationOf(alice, bob);
		StompTestClient bobClient = connect(bob);
		bobClient.subscribeConversation(conversationId);

		for (long seq = 1; seq <= MESSAGES; seq++) {
			MessageCreated message = new MessageCreated(UUID.randomUUID(), conversationId, seq, alice,
					UUID.randomUUID(), "message " + seq, Instant.now().truncatedTo(ChronoUnit.MILLIS));
			this.kafka.send(KafkaRecords.record(Topics.MESSAGES, "message-service", message));
		}
		this.kafka.flush();

		await("all messages").atMost(KAFKA_TIMEOUT)
			.until(() -> bobClient.messagesCreated(conversationId).size() >= MESSAGES);
		assertThat(bobClient.messagesCreated(conversationId))
			.extracting(frame -> frame.as(MessageCreatedFrame.class).seq())
			.containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
	}

}
