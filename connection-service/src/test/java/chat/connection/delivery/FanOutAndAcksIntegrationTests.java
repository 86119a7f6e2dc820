package chat.connection.delivery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageAck;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.SendMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message service's outcomes reach clients: a stored message goes once to every
 * subscriber of its conversation and as an ACCEPTED ack to every session of its sender,
 * each time it is re-emitted; a rejection goes as a REJECTED ack to every session of its
 * sender.
 */
class FanOutAndAcksIntegrationTests extends EdgeIntegrationSupport {

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Test
	void theEdgeReadsItsTopicsWithoutConsumerGroupsSoANodeLeavesNoGroupBehind() throws Exception {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);
		client.subscribeConversation(conversationId);
		publish(new MessageCreated(UUID.randomUUID(), conversationId, 1, alice, UUID.randomUUID(), "hi",
				Instant.now().truncatedTo(ChronoUnit.MILLIS)));
		await("delivered").atMost(KAFKA_TIMEOUT).until(() -> !client.messagesCreated(conversationId).isEmpty());

		Set<String> listenerIds = this.listeners.getListenerContainerIds();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).extracting(GroupListing::groupId)
				.noneMatch(group -> group.startsWith("connection-service") || listenerIds.contains(group));
		}
		assertThat(this.listeners.getListenerContainers())
			.allSatisfy(container -> assertThat(container.getGroupId()).as(container.getListenerId()).isNull());
	}

	@Test
	void storedMessageIsFannedOutOnceAndAckedOnEveryReEmission() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		UUID conversationId = conversationOf(alice, bob);
		StompTestClient aliceClient = connectWithQueues(alice);
		StompTestClient bobClient = connectWithQueues(bob);
		aliceClient.subscribeConversation(conversationId);
		bobClient.subscribeConversation(conversationId);
		// each RECEIPT came once the subscription was registered
		assertThat(subscribers(ConversationEvents.topic(conversationId))).isEqualTo(2);
		UUID clientMessageId = UUID.randomUUID();

		aliceClient.sendMessage(conversationId, clientMessageId.toString(), "hello bob");
		SendMessage command = awaitCommand(conversationId, clientMessageId);
		MessageCreated stored = storedAs(command, 1);
		publish(stored);

		await("message.created to both").atMost(KAFKA_TIMEOUT)
			.until(() -> aliceClient.messagesCreated(conversationId).size() == 1
					&& bobClient.messagesCreated(conversationId).size() == 1);
		for (StompTestClient client : List.of(aliceClient, bobClient)) {
			assertThat(client.messagesCreated(conversationId)).singleElement().satisfies(frame -> {
				assertThat(frame.headers().getFirst(ConversationEvents.EVENT_TYPE_HEADER))
					.isEqualTo(MessageCreatedFrame.TYPE);
				assertThat(frame.body().get("type").asString()).isEqualTo("message.created");
				assertThat(frame.as(MessageCreatedFrame.class))
					.isEqualTo(new MessageCreatedFrame("message.created", stored.messageId(), conversationId, 1, alice,
							clientMessageId, "hello bob", stored.createdAt()));
			});
		}
		await("ACCEPTED ack").atMost(KAFKA_TIMEOUT).until(() -> aliceClient.acks().size() == 1);
		assertThat(aliceClient.acks()).singleElement()
			.isEqualTo(new MessageAck(clientMessageId.toString(), conversationId, MessageAck.Status.ACCEPTED,
					stored.messageId(), 1L, stored.createdAt(), null));

		// A retried send: the message service re-emits the very same event, twice.
		publish(stored);
		publish(stored);

		await("two more acks").atMost(KAFKA_TIMEOUT).until(() -> aliceClient.acks().size() == 3);
		assertThat(aliceClient.acks()).containsOnly(MessageAck.accepted(stored));
		// A later message marks the end: a duplicate fan-out would have arrived before
		// it.
		MessageCreated next = new MessageCreated(UUID.randomUUID(), conversationId, 2, bob, UUID.randomUUID(),
				"hi alice", Instant.now().truncatedTo(ChronoUnit.MILLIS));
		publish(next);
		await("next message").atMost(KAFKA_TIMEOUT)
			.until(() -> aliceClient.messagesCreated(conversationId).size() >= 2
					&& bobClient.messagesCreated(conversationId).size() >= 2);
		for (StompTestClient client : List.of(aliceClient, bobClient)) {
			assertThat(client.messagesCreated(conversationId))
				.extracting(frame -> frame.as(MessageCreatedFrame.class).seq())
				.containsExactly(1L, 2L);
		}
		// bob's own ack for the second message; never an ack for alice's send
		await("bob's ack").atMost(KAFKA_TIMEOUT).until(() -> bobClient.acks().size() == 1);
		assertThat(bobClient.acks()).singleElement().isEqualTo(MessageAck.accepted(next));
		assertThat(aliceClient.acks()).hasSize(3);
	}

	@Test
	void rejectionIsAckedToEverySessionOfTheSender() {
		String alice = newUser("alice");
		StompTestClient phone = connect(alice);
		StompTestClient laptop = connect(alice);
		phone.subscribeAcksAndErrors();
		laptop.subscribeAcksAndErrors();
		StompTestClient bystander = connectWithQueues(newUser("bob"));
		UUID conversationId = UUID.randomUUID();
		SendMessage command = new SendMessage(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
				conversationId, alice, UUID.randomUUID(), "hello");

		publish(MessageRejected.of(command, ErrorCode.NOT_MEMBER, "not a member of this conversation",
				Instant.now().truncatedTo(ChronoUnit.MILLIS)));

		MessageAck expected = MessageAck.rejected(command.clientMessageId().toString(), conversationId,
				ErrorCode.NOT_MEMBER, "not a member of this conversation");
		await("acks on both sessions").atMost(KAFKA_TIMEOUT).untilAsserted(() -> {
			assertThat(phone.acks()).as("phone").containsExactly(expected);
			assertThat(laptop.acks()).as("laptop").containsExactly(expected);
		});
		assertThat(bystander.acks()).isEmpty();
	}

}
