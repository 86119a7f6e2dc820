package chat.connection.presence;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.client.PresenceUpdatedFrame;
import chat.contracts.message.MessageCreated;
import chat.contracts.presence.PresenceChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's presence change reaches every conversation that user took part in as
 * {@code presence.updated}, and a new subscriber of a conversation first receives the
 * current presence of every participant whose presence is known, before any later event
 * of the conversation. A member who never took part shares nothing (ADR 10) until they
 * do: then the conversation gets their current presence.
 */
class PresenceFanOutIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void presenceChangeReachesEveryConversationOfTheUserAndNoOther() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		String carol = newUser("carol");
		UUID withBob = everyoneTookPart(alice, bob);
		UUID withBobAndCarol = everyoneTookPart(alice, bob, carol);
		UUID withoutAlice = everyoneTookPart(bob, carol);
		StompTestClient bobClient = connect(bob);
		for (UUID conversationId : List.of(withBob, withBobAndCarol, withoutAlice)) {
			bobClient.subscribeConversation(conversationId);
		}
		PresenceChanged aliceOnline = new PresenceChanged(UUID.randomUUID(), now(), alice, true, now());

		publish(aliceOnline);

		await("presence.updated in alice's conversations").atMost(KAFKA_TIMEOUT)
			.until(() -> !bobClient.conversation(withBob).isEmpty()
					&& !bobClient.conversation(withBobAndCarol).isEmpty());
		for (UUID conversationId : List.of(withBob, withBobAndCarol)) {
			assertThat(bobClient.conversation(conversationId)).singleElement().satisfies(frame -> {
				assertThat(frame.headers().getFirst(ConversationEvents.EVENT_TYPE_HEADER))
					.isEqualTo(PresenceUpdatedFrame.TYPE);
				assertThat(frame.body().get("type").asString()).isEqualTo("presence.updated");
				assertThat(frame.as(PresenceUpdatedFrame.class))
					.isEqualTo(new PresenceUpdatedFrame("presence.updated", alice, true, aliceOnline.lastSeenAt()));
			});
		}
		// The presence listener handles one change at a time and bob's frames leave in
		// the order they were
		// published: a frame of alice's change for a conversation she is not in would
		// precede carol's.
		PresenceChanged carolOffline = new PresenceChanged(UUID.randomUUID(), now(), carol, false,
				now().minus(Duration.ofMinutes(3)));
		publish(carolOffline);
		await("carol's presence.updated").atMost(KAFKA_TIMEOUT)
			.until(() -> !bobClient.conversation(withoutAlice).isEmpty());
		assertThat(bobClient.conversation(withoutAlice)).extracting(frame -> frame.as(PresenceUpdatedFrame.class))
			.containsExactly(PresenceUpdatedFrame.of(carolOffline));
	}

	@Test
	void newSubscriberFirstGetsThePresenceOfEveryKnownMemberThenLaterEvents() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		String carol = newUser("carol");
		UUID conversationId = everyoneTookPart(alice, bob, carol);
		// carol's presence stays unknown; her subscription shows when the edge has
		// consumed the others'
		StompTestClient carolClient = connect(carol);
		carolClient.subscribeConversation(conversationId);
		PresenceChanged aliceOnline = new PresenceChanged(UUID.randomUUID(), now(), alice, true, now());
		PresenceChanged bobOffline = new PresenceChanged(UUID.randomUUID(), now(), bob, false,
				now().minus(Duration.ofMinutes(5)));
		publish(aliceOnline);
		publish(bobOffline);
		await("presence consumed").atMost(KAFKA_TIMEOUT)
			.until(() -> carolClient.events(conversationId, PresenceUpdatedFrame.TYPE).size() >= 2);

		StompTestClient bobClient = connect(bob);
		bobClient.subscribeConversation(conversationId);
		MessageCreated message = new MessageCreated(UUID.randomUUID(), conversationId, 1, alice, UUID.randomUUID(),
				"hi", now());
		publish(message);

		await("message.created").atMost(KAFKA_TIMEOUT)
			.until(() -> !bobClient.messagesCreated(conversationId).isEmpty());
		List<StompTestClient.Frame> frames = bobClient.conversation(conversationId);
		assertThat(frames).hasSize(3);
		assertThat(frames.subList(0, 2)).allSatisfy(frame -> assertThat(frame.isA(PresenceUpdatedFrame.TYPE)).isTrue())
			.extracting(frame -> frame.as(PresenceUpdatedFrame.class))
			.containsExactlyInAnyOrder(PresenceUpdatedFrame.of(aliceOnline), PresenceUpdatedFrame.of(bobOffline));
		assertThat(frames.get(2).as(MessageCreatedFrame.class)).isEqualTo(MessageCreatedFrame.of(message));
		// bob's snapshot went to bob's session only: carol, subscribed before, saw each
		// change once and then the message
		await("carol's message.created").atMost(KAFKA_TIMEOUT)
			.until(() -> !carolClient.messagesCreated(conversationId).isEmpty());
		assertThat(carolClient.events(conversationId, PresenceUpdatedFrame.TYPE)).hasSize(2);
	}

	@Test
	void aMemberWhoNeverTookPartSharesNoPresenceUntilTheyDo() {
		String mallory = newUser("mallory");
		String bob = newUser("bob");
		// mallory created the conversation and added bob: only mallory took part
		UUID conversationId = membersChanged(UUID.randomUUID(), 1, List.of(mallory, bob), List.of(mallory));
		StompTestClient malloryClient = connect(mallory);
		malloryClient.subscribeConversation(conversationId);
		StompTestClient bobClient = connect(bob);
		bobClient.subscribeConversation(conversationId);
		PresenceChanged bobOnline = new PresenceChanged(UUID.randomUUID(), now(), bob, true, now());
		PresenceChanged malloryOnline = new PresenceChanged(UUID.randomUUID(), now(), mallory, true, now());

		publish(bobOnline);
		publish(malloryOnline);

		// one change at a time, frames in publication order: bob's would precede
		// mallory's
		await("mallory's presence.updated").atMost(KAFKA_TIMEOUT)
			.until(() -> !malloryClient.events(conversationId, PresenceUpdatedFrame.TYPE).isEmpty()
					&& !bobClient.events(conversationId, PresenceUpdatedFrame.TYPE).isEmpty());
		assertThat(malloryClient.events(conversationId, PresenceUpdatedFrame.TYPE))
			.extracting(frame -> frame.as(PresenceUpdatedFrame.class))
			.containsExactly(PresenceUpdatedFrame.of(malloryOnline));
		// the snapshot for a new subscription lists participants only
		StompTestClient malloryAgain = connect(mallory);
		malloryAgain.subscribeConversation(conversationId);
		publish(new MessageCreated(UUID.randomUUID(), conversationId, 1, mallory, UUID.randomUUID(), "hi", now()));
		await("message.created").atMost(KAFKA_TIMEOUT)
			.until(() -> !malloryAgain.messagesCreated(conversationId).isEmpty());
		assertThat(malloryAgain.events(conversationId, PresenceUpdatedFrame.TYPE))
			.extracting(frame -> frame.as(PresenceUpdatedFrame.class))
			.containsExactly(PresenceUpdatedFrame.of(malloryOnline));

		// bob replies: his first message makes him a participant (version 2), and the
		// conversation gets his current presence, then his changes
		membersChanged(conversationId, 2, List.of(mallory, bob), List.of(mallory, bob));
		PresenceChanged bobAway = new PresenceChanged(UUID.randomUUID(), now(), bob, false, now());
		publish(bobAway);

		await("bob's presence.updated").atMost(KAFKA_TIMEOUT)
			.until(() -> malloryClient.events(conversationId, PresenceUpdatedFrame.TYPE).size() >= 3);
		assertThat(malloryClient.events(conversationId, PresenceUpdatedFrame.TYPE))
			.extracting(frame -> frame.as(PresenceUpdatedFrame.class))
			.containsExactly(PresenceUpdatedFrame.of(malloryOnline), PresenceUpdatedFrame.of(bobOnline),
					PresenceUpdatedFrame.of(bobAway));
	}

	/** A conversation of {@code members} in which every member took part. */
	private UUID everyoneTookPart(String... members) {
		return membersChanged(UUID.randomUUID(), 1, List.of(members), List.of(members));
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

}
