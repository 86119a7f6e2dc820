package chat.presence.online;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.presence.FakeEdgeNode;
import chat.presence.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/presence}: the caller and co-members who took part only (ADR 10), with
 * membership and participation from {@code chat.conversations.v1}.
 */
class PresenceApiIntegrationTests extends IntegrationTestSupport {

	@Test
	void aCallerSeesThePresenceOfTheirCoMembers() {
		String ann = user("ann");
		String ben = user("ben");
		String cy = user("cy"); // a member never seen online
		produce(Topics.CONVERSATIONS, members(UUID.randomUUID(), 1, ann, ben, cy));
		try (TopicReader presence = read(Topics.PRESENCE); FakeEdgeNode edge = edgeNode().startHeartbeats()) {
			edge.open(ben);
			presence.awaitKey(ben, 1);

			Api.Response response = await().atMost(PATIENCE)
				.until(() -> api().get("/api/presence?userIds=" + ben + "," + cy + "," + ann, token(ann)),
						r -> r.status() != 403);

			assertThat(response.status()).as(response.body()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body).hasSize(3);
			assertThat(body.get(0).get("userId").asString()).isEqualTo(ben);
			assertThat(body.get(0).get("online").asBoolean()).isTrue();
			assertThat(Instant.parse(body.get(0).get("lastSeenAt").asString())).isBefore(Instant.now());
			assertThat(body.get(1).get("userId").asString()).isEqualTo(cy);
			assertThat(body.get(1).get("online").asBoolean()).isFalse();
			assertThat(body.get(1).get("lastSeenAt").isNull()).isTrue();
			assertThat(body.get(2).get("userId").asString()).as("the caller themself").isEqualTo(ann);
		}
	}

	@Test
	void aStrangersPresenceIsRefused() {
		String ann = user("ann");
		String ben = user("ben");
		String sue = user("sue");
		UUID conversation = UUID.randomUUID();
		produce(Topics.CONVERSATIONS, members(conversation, 1, ann, ben));
		await().atMost(PATIENCE).until(() -> api().get("/api/presence?userIds=" + ben, token(ann)).status() == 200);

		Api.Response refused = api().get("/api/presence?userIds=" + ben + "," + sue, token(ann));

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("code").asString()).isEqualTo("NOT_MEMBER");
		assertThat(refused.json().get("detail").asString()).contains(sue);

		// ben left: from the version that says so on, he is a stranger too
		produce(Topics.CONVERSATIONS, members(conversation, 2, ann));
		await().atMost(PATIENCE).until(() -> api().get("/api/presence?userIds=" + ben, token(ann)).status() == 403);
	}

	/**
	 * ADR 10: Mallory creates a conversation with Bob (so only she took part); she cannot
	 * see Bob's presence, Bob can see hers. Once Bob has sent a message there, she can.
	 */
	@Test
	void aMemberAddedByAStrangerIsInvisibleToThemUntilTheyTakePart() {
		String mallory = user("mallory");
		String bob = user("bob");
		UUID conversation = UUID.randomUUID();
		produce(Topics.CONVERSATIONS, new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), conversation, 1,
				List.of(mallory, bob), List.of(mallory)));
		await().atMost(PATIENCE).until(() -> api().get("/api/presence?userIds=" + mallory, token(bob)).status() == 200);

		Api.Response refused = api().get("/api/presence?userIds=" + bob, token(mallory));

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("code").asString()).isEqualTo("NOT_MEMBER");

		produce(Topics.CONVERSATIONS, new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), conversation, 2,
				List.of(mallory, bob), List.of(mallory, bob)));
		await().atMost(PATIENCE).until(() -> api().get("/api/presence?userIds=" + bob, token(mallory)).status() == 200);
	}

	@Test
	void withoutATokenTheAnswerIs401() {
		assertThat(api().get("/api/presence?userIds=anyone", null).status()).isEqualTo(401);
		assertThat(api().get("/api/presence?userIds=anyone", TOKENS.token().subject("x").signWithForeignKey()).status())
			.isEqualTo(401);
	}

	@Test
	void aRequestWithoutUserIdsIsInvalid() {
		Api.Response response = api().get("/api/presence", token(user("ann")));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	/** A member set in which everyone has taken part. */
	private static ConversationMembersChanged members(UUID conversationId, long version, String... memberIds) {
		return new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), conversationId, version,
				List.of(memberIds), List.of(memberIds));
	}

}
