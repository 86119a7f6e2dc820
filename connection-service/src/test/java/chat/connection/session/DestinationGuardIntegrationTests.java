package chat.connection.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.message.MessageCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients may SEND only to {@code /app/**} and SUBSCRIBE only to their own queues and to
 * conversations they are members of. A refused frame gets an error on
 * {@code /user/queue/errors}, is dropped, and the session stays open.
 */
class DestinationGuardIntegrationTests extends EdgeIntegrationSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void sendToBrokerDestinationIsRefusedAndNotDeliveredToSubscribers() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		UUID conversationId = conversationOf(alice, bob);
		String topic = ConversationEvents.topic(conversationId);
		StompTestClient aliceClient = connectWithQueues(alice);
		StompTestClient bobClient = connect(bob);
		bobClient.subscribeConversation(conversationId);
		MessageCreated forged = new MessageCreated(UUID.randomUUID(), conversationId, 1, bob, UUID.randomUUID(),
				"forged", Instant.now().truncatedTo(ChronoUnit.MILLIS));

		aliceClient.send(topic, MessageCreatedFrame.of(forged));

		await("error").atMost(TIMEOUT).until(() -> !aliceClient.errors().isEmpty());
		assertThat(aliceClient.errors()).singleElement()
			.isEqualTo(new ClientError(ErrorCode.INVALID, "clients may only SEND to /app/ destinations", topic));
		// A real message after the refused one: once bob has it, the forged one would
		// have arrived before it.
		MessageCreated real = new MessageCreated(UUID.randomUUID(), conversationId, 1, alice, UUID.randomUUID(), "real",
				Instant.now().truncatedTo(ChronoUnit.MILLIS));
		publish(real);
		await("real message").atMost(KAFKA_TIMEOUT).until(() -> !bobClient.messagesCreated(conversationId).isEmpty());
		assertThat(bobClient.messagesCreated(conversationId)).singleElement()
			.satisfies(
					frame -> assertThat(frame.as(MessageCreatedFrame.class)).isEqualTo(MessageCreatedFrame.of(real)));
		assertThat(bobClient.conversation(conversationId))
			.noneSatisfy(frame -> assertThat(frame.body().toString()).contains("forged"));
		assertThat(aliceClient.isConnected()).isTrue();
	}

	@Test
	void subscribeToConversationWhoseIdIsNotAUuidIsRefusedWithNotFound() {
		String alice = newUser("alice");
		StompTestClient client = connectWithQueues(alice);
		String destination = ConversationEvents.TOPIC_PREFIX + "not-a-uuid";

		client.subscribe(destination);

		await("error").atMost(TIMEOUT).until(() -> !client.errors().isEmpty());
		assertThat(client.errors()).singleElement()
			.isEqualTo(new ClientError(ErrorCode.NOT_FOUND, "no such conversation", destination));
		assertThat(subscribers(destination)).isZero();
		assertThat(client.isConnected()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/topic/other", "/topic/conversations", "/queue/acks-user0", "/user/bob/queue/acks",
			"/topic/conversations/00000000-0000-0000-0000-000000000000/extra" })
	void subscribeToAnyOtherDestinationIsRefused(String destination) {
		StompTestClient client = connectWithQueues(newUser("alice"));

		client.subscribe(destination);

		await("error").atMost(TIMEOUT).until(() -> !client.errors().isEmpty());
		assertThat(client.errors()).singleElement()
			.isEqualTo(new ClientError(ErrorCode.NOT_FOUND, "no such destination", destination));
		assertThat(subscribers(destination)).isZero();
	}

	@Test
	void subscribeToConversationOfOthersIsRefusedWhenTheMessageServiceCannotConfirmMembership() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(newUser("bob"), newUser("carol"));
		StompTestClient client = connectWithQueues(alice);
		String destination = ConversationEvents.topic(conversationId);

		client.subscribe(destination);

		await("error").atMost(TIMEOUT).until(() -> !client.errors().isEmpty());
		// The cache says "not a member"; the message service (down here) is asked before
		// denying for good.
		assertThat(client.errors()).singleElement()
			.satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL))
			.satisfies(error -> assertThat(error.destination()).isEqualTo(destination));
		assertThat(subscribers(destination)).isZero();
	}

	@Test
	void memberSubscribesToItsConversationAndGetsReceiptOnceRegistered() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);

		client.subscribeConversation(conversationId);

		// the RECEIPT came only once the broker had the subscription
		assertThat(subscribers(ConversationEvents.topic(conversationId))).isEqualTo(1);
		assertThat(client.errors()).isEmpty();
	}

}
