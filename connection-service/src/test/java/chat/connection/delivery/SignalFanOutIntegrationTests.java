package chat.connection.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.ReceiptUpdatedFrame;
import chat.contracts.client.TypingUpdatedFrame;
import chat.contracts.presence.TypingUpdated;
import chat.contracts.receipt.ReceiptUpdated;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The presence service's typing snapshots and the receipt service's watermark changes
 * reach every subscriber of their conversation as {@code typing.updated} and
 * {@code receipt.updated}, with the type in the JSON and in the {@code event-type}
 * header.
 */
class SignalFanOutIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void typingUpdatedReachesEverySubscriberOfItsConversation() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		String carol = newUser("carol");
		UUID conversationId = conversationOf(alice, bob, carol);
		StompTestClient bobClient = connect(bob);
		StompTestClient carolClient = connect(carol);
		bobClient.subscribeConversation(conversationId);
		carolClient.subscribeConversation(conversationId);
		TypingUpdated typing = new TypingUpdated(UUID.randomUUID(), now(), conversationId, List.of(carol, alice));

		publish(typing);

		await("typing.updated to both").atMost(KAFKA_TIMEOUT)
			.until(() -> !bobClient.conversation(conversationId).isEmpty()
					&& !carolClient.conversation(conversationId).isEmpty());
		for (StompTestClient client : List.of(bobClient, carolClient)) {
			assertThat(client.conversation(conversationId)).singleElement().satisfies(frame -> {
				assertThat(frame.headers().getFirst(ConversationEvents.EVENT_TYPE_HEADER))
					.isEqualTo(TypingUpdatedFrame.TYPE);
				assertThat(frame.body().get("type").asString()).isEqualTo("typing.updated");
				assertThat(frame.as(TypingUpdatedFrame.class))
					.isEqualTo(new TypingUpdatedFrame("typing.updated", conversationId, List.of(alice, carol)));
			});
		}
	}

	@Test
	void receiptUpdatedReachesSubscribersOfItsConversation() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		UUID conversationId = conversationOf(alice, bob);
		StompTestClient aliceClient = connect(alice);
		StompTestClient bobClient = connect(bob);
		aliceClient.subscribeConversation(conversationId);
		bobClient.subscribeConversation(conversationId);
		ReceiptUpdated receipt = new ReceiptUpdated(UUID.randomUUID(), now(), conversationId, alice, 7, 5);

		publish(receipt);

		await("receipt.updated to both").atMost(KAFKA_TIMEOUT)
			.until(() -> !aliceClient.conversation(conversationId).isEmpty()
					&& !bobClient.conversation(conversationId).isEmpty());
		for (StompTestClient client : List.of(aliceClient, bobClient)) {
			assertThat(client.conversation(conversationId)).singleElement().satisfies(frame -> {
				assertThat(frame.headers().getFirst(ConversationEvents.EVENT_TYPE_HEADER))
					.isEqualTo(ReceiptUpdatedFrame.TYPE);
				assertThat(frame.body().get("type").asString()).isEqualTo("receipt.updated");
				assertThat(frame.as(ReceiptUpdatedFrame.class))
					.isEqualTo(new ReceiptUpdatedFrame("receipt.updated", conversationId, alice, 7, 5));
			});
		}
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

}
