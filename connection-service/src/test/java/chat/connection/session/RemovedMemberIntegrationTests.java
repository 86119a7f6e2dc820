package chat.connection.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.contracts.message.MessageCreated;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member removed from a conversation loses the subscription made while a member: no
 * later event of that conversation reaches them, they are told why, and the session keeps
 * working for the conversations they are still in.
 */
class RemovedMemberIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void removedMemberStopsReceivingTheConversationButKeepsReceivingOthers() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		UUID shared = conversationOf(alice, bob);
		UUID stillShared = conversationOf(alice, bob);
		StompTestClient aliceClient = connectWithQueues(alice);
		StompTestClient bobClient = connectWithQueues(bob);
		for (StompTestClient client : List.of(aliceClient, bobClient)) {
			client.subscribeConversation(shared);
			client.subscribeConversation(stillShared);
		}
		publish(message(shared, 1, alice, "before"));
		await().atMost(KAFKA_TIMEOUT).until(() -> bobClient.messagesCreated(shared).size() == 1);

		publish(new ConversationMembersChanged(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS), shared,
				2, List.of(alice)));
		await().atMost(KAFKA_TIMEOUT).until(() -> this.memberships.members(shared).equals(Set.of(alice)));
		publish(message(shared, 2, alice, "after bob left"));
		publish(message(stillShared, 1, alice, "elsewhere"));

		// Alice gets both; bob gets the other conversation's message (so his session is
		// not stuck) and
		// nothing more of the one he left.
		await("alice gets the shared conversation's second message").atMost(KAFKA_TIMEOUT)
			.until(() -> aliceClient.messagesCreated(shared).size() == 2);
		await("bob gets the other conversation's message").atMost(KAFKA_TIMEOUT)
			.until(() -> bobClient.messagesCreated(stillShared).size() == 1);
		publish(message(stillShared, 2, alice, "barrier"));
		await().atMost(KAFKA_TIMEOUT).until(() -> bobClient.messagesCreated(stillShared).size() == 2);
		assertThat(bobClient.messagesCreated(shared)).extracting(f -> f.as(MessageCreatedFrame.class).text())
			.containsExactly("before");
		assertThat(bobClient.errors()).singleElement()
			.isEqualTo(new ClientError(ErrorCode.NOT_MEMBER, "removed from this conversation",
					ConversationEvents.topic(shared)));
		assertThat(aliceClient.errors()).isEmpty();
	}

	static MessageCreated message(UUID conversation, long seq, String sender, String text) {
		return new MessageCreated(UUID.randomUUID(), conversation, seq, sender, UUID.randomUUID(), text,
				Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

}
