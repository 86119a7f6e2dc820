package chat.message.conversation;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Membership abuse over real HTTP and Kafka: the member cap on create and add
 * ({@code 409 LIMIT_EXCEEDED}), the bound on user ids, and participation — only members
 * who created the conversation or sent in it count as having taken part (ADR 10).
 */
class MembershipAbuseIntegrationTests extends IntegrationTestSupport {

	private static final int MAX = 1000;

	@Test
	void createWithMoreThanTheCapIsRefusedWithLimitExceeded() {
		String alice = user("alice");
		List<String> others = IntStream.range(0, MAX).mapToObj(i -> alice + "-m" + i).toList();

		Api.Response refused = api().post("/api/conversations", token(alice), Map.of("memberIds", others));

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("code").asString()).isEqualTo(ErrorCode.LIMIT_EXCEEDED.name());
		assertThat(refused.json().get("detail").asString()).contains("at most 1000 members");
		assertThat(this.jdbc.sql("SELECT count(*) FROM conversations WHERE created_by = :alice")
			.param("alice", alice)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aFullConversationRefusesAnotherMemberButNotARepeatedOne() {
		String alice = user("alice");
		List<String> others = IntStream.range(0, MAX - 1).mapToObj(i -> alice + "-m" + i).toList();
		Api.Response created = api().post("/api/conversations", token(alice), Map.of("memberIds", others));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String conversation = created.json().get("id").asString();
		assertThat(created.json().get("memberIds")).hasSize(MAX);

		Api.Response refused = api().post("/api/conversations/" + conversation + "/members", token(alice),
				Map.of("userId", user("one-too-many")));
		Api.Response again = api().post("/api/conversations/" + conversation + "/members", token(alice),
				Map.of("userId", others.get(0)));

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("code").asString()).isEqualTo(ErrorCode.LIMIT_EXCEEDED.name());
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("memberIds")).hasSize(MAX);
		assertThat(again.json().get("version").asLong()).isEqualTo(1);
	}

	@Test
	void memberIdsLongerThan128CharactersOrWithControlCharactersAreRefused() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);

		for (String bad : List.of("x".repeat(129), "bob\u0000", "bob\nadmin", " ")) {
			Api.Response add = api().post("/api/conversations/" + conversation + "/members", token(alice),
					Map.of("userId", bad));
			Api.Response create = api().post("/api/conversations", token(alice), Map.of("memberIds", List.of(bad)));
			assertThat(add.status()).as("add %s", bad).isEqualTo(400);
			assertThat(create.status()).as("create with %s", bad).isEqualTo(400);
			assertThat(create.json().get("code").asString()).isEqualTo(ErrorCode.INVALID.name());
		}
		assertThat(api()
			.post("/api/conversations/" + conversation + "/members", token(alice), Map.of("userId", "é".repeat(128)))
			.status()).isEqualTo(200);
	}

	@Test
	void aCallerWhoseSubIsNoValidMemberIdCannotCreate() {
		Api.Response refused = api().post("/api/conversations", token("s".repeat(129)), Map.of("memberIds", List.of()));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString()).contains("sub");
	}

	@Test
	void theCreatorTakesPartAtOnceAnAddedMemberOnlyWithTheirFirstMessage() {
		String mallory = user("mallory");
		String bob = user("bob");
		try (TopicReader conversations = read(Topics.CONVERSATIONS)) {
			UUID conversation = createConversation(mallory, bob);
			Api.Response created = api().get("/api/conversations/" + conversation, token(bob));
			assertThat(created.json().get("participantIds")).singleElement()
				.satisfies(id -> assertThat(id.asString()).isEqualTo(mallory));

			produce(command(conversation, mallory, UUID.randomUUID(), "hi, stranger"));
			produce(command(conversation, bob, UUID.randomUUID(), "who are you?"));
			produce(command(conversation, bob, UUID.randomUUID(), "hello?"));
			await().atMost(PATIENCE).until(() -> storedMessages(conversation) == 3);
			// a later membership change is the fence: everything before it was relayed
			api().post("/api/conversations/" + conversation + "/members", token(mallory),
					Map.of("userId", user("carol")));

			List<ConversationMembersChanged> changes = conversations.awaitKey(conversation, 3)
				.stream()
				.map(record -> KafkaRecords.value(record, ConversationMembersChanged.class))
				.toList();
			assertThat(changes).map(ConversationMembersChanged::version).containsExactly(1L, 2L, 3L);
			assertThat(changes).map(ConversationMembersChanged::participantIds)
				.containsExactly(List.of(mallory), sorted(mallory, bob), sorted(mallory, bob));
			assertThat(changes.get(1).memberIds()).isEqualTo(changes.get(0).memberIds());
			assertThat(api().get("/api/conversations/" + conversation, token(bob)).json().get("participantIds"))
				.hasSize(2);
		}
	}

	private static List<String> sorted(String... ids) {
		return java.util.Arrays.stream(ids).sorted().toList();
	}

}
