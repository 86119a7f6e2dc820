package chat.message.conversation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import chat.contracts.Topics;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation and history REST API: who may see and change what, and how refusals
 * look.
 */
class ConversationApiIntegrationTests extends IntegrationTestSupport {

	@Test
	void createdConversationHasTheCreatorAsMember() {
		String alice = user("alice");
		String bob = user("bob");

		Api.Response created = api().post("/api/conversations", token(alice),
				Map.of("title", "lunch", "memberIds", List.of(bob, bob)));

		assertThat(created.status()).isEqualTo(201);
		JsonNode body = created.json();
		String id = body.get("id").asString();
		assertThat(created.location()).endsWith("/api/conversations/" + id);
		assertThat(body.get("title").asString()).isEqualTo("lunch");
		assertThat(body.get("createdBy").asString()).isEqualTo(alice);
		assertThat(body.get("lastSeq").asLong()).isZero();
		assertThat(body.get("version").asLong()).isEqualTo(1);
		assertThat(members(body)).containsExactlyInAnyOrder(alice, bob);
	}

	@Test
	void everyMemberCanGetTheConversation() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = createConversation(alice, bob);

		for (String member : List.of(alice, bob)) {
			Api.Response got = api().get("/api/conversations/" + conversation, token(member));
			assertThat(got.status()).isEqualTo(200);
			assertThat(got.json().get("id").asString()).isEqualTo(conversation.toString());
			assertThat(members(got.json())).containsExactlyInAnyOrder(alice, bob);
		}
	}

	@Test
	void listShowsOnlyTheCallersConversationsWithTheirLastSeq() {
		String alice = user("alice");
		String bob = user("bob");
		UUID first = createConversation(alice);
		UUID second = createConversation(bob, alice);
		UUID notAlices = createConversation(bob);
		try (TopicReader messages = read(Topics.MESSAGES)) {
			produce(command(second, bob, UUID.randomUUID(), "one"), command(second, alice, UUID.randomUUID(), "two"));
			messages.awaitKey(second, 2);
		}

		Api.Response listed = api().get("/api/conversations", token(alice));

		assertThat(listed.status()).isEqualTo(200);
		Map<String, Long> lastSeqs = new HashMap<>();
		listed.json().values().forEach(c -> lastSeqs.put(c.get("id").asString(), c.get("lastSeq").asLong()));
		assertThat(lastSeqs).containsOnly(Map.entry(first.toString(), 0L), Map.entry(second.toString(), 2L));
		assertThat(lastSeqs).doesNotContainKey(notAlices.toString());
	}

	@Test
	void memberAddsSomeoneWhoThenSeesTheConversation() {
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		UUID conversation = createConversation(alice, bob);
		assertThat(api().get("/api/conversations/" + conversation, token(carol)).status()).isEqualTo(403);

		Api.Response added = api().post("/api/conversations/" + conversation + "/members", token(bob),
				Map.of("userId", carol));

		assertThat(added.status()).isEqualTo(200);
		assertThat(members(added.json())).containsExactlyInAnyOrder(alice, bob, carol);
		assertThat(added.json().get("version").asLong()).isEqualTo(2);
		assertThat(api().get("/api/conversations/" + conversation, token(carol)).status()).isEqualTo(200);
	}

	@Test
	void addingAnExistingMemberChangesNothing() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = createConversation(alice, bob);

		Api.Response again = api().post("/api/conversations/" + conversation + "/members", token(alice),
				Map.of("userId", bob));

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("version").asLong()).isEqualTo(1);
		assertThat(members(again.json())).containsExactlyInAnyOrder(alice, bob);
	}

	@Test
	void nonMemberCannotAddMembers() {
		String alice = user("alice");
		String mallory = user("mallory");
		UUID conversation = createConversation(alice);

		Api.Response refused = api().post("/api/conversations/" + conversation + "/members", token(mallory),
				Map.of("userId", mallory));

		assertProblem(refused, 403, "NOT_MEMBER");
		assertThat(api().get("/api/conversations/" + conversation, token(mallory)).status()).isEqualTo(403);
	}

	@Test
	void creatorRemovesAMemberWhoThenLosesAccess() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = createConversation(alice, bob);

		Api.Response removed = api().delete("/api/conversations/" + conversation + "/members/" + bob, token(alice));

		assertThat(removed.status()).isEqualTo(204);
		assertProblem(api().get("/api/conversations/" + conversation, token(bob)), 403, "NOT_MEMBER");
		assertThat(members(api().get("/api/conversations/" + conversation, token(alice)).json()))
			.containsExactly(alice);
	}

	@Test
	void memberMayLeaveButMayNotRemoveOthers() {
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		UUID conversation = createConversation(alice, bob, carol);

		assertProblem(api().delete("/api/conversations/" + conversation + "/members/" + carol, token(bob)), 403,
				"NOT_MEMBER");
		assertThat(api().delete("/api/conversations/" + conversation + "/members/" + bob, token(bob)).status())
			.isEqualTo(204);

		assertThat(members(api().get("/api/conversations/" + conversation, token(alice)).json()))
			.containsExactlyInAnyOrder(alice, carol);
	}

	@Test
	void nonMemberIsForbiddenFromConversationAndHistory() {
		String alice = user("alice");
		String mallory = user("mallory");
		UUID conversation = createConversation(alice);

		assertProblem(api().get("/api/conversations/" + conversation, token(mallory)), 403, "NOT_MEMBER");
		assertProblem(api().get("/api/conversations/" + conversation + "/messages?afterSeq=0", token(mallory)), 403,
				"NOT_MEMBER");
	}

	@Test
	void unknownConversationIsNotFound() {
		String alice = user("alice");
		String unknown = "/api/conversations/" + UUID.randomUUID();

		assertProblem(api().get(unknown, token(alice)), 404, "NOT_FOUND");
		assertProblem(api().get(unknown + "/messages?afterSeq=0", token(alice)), 404, "NOT_FOUND");
		assertProblem(api().post(unknown + "/members", token(alice), Map.of("userId", "bob")), 404, "NOT_FOUND");
		assertProblem(api().delete(unknown + "/members/" + alice, token(alice)), 404, "NOT_FOUND");
	}

	@Test
	void historyWithBothAfterSeqAndBeforeSeqIsABadRequestProblem() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);

		Api.Response refused = api().get("/api/conversations/" + conversation + "/messages?afterSeq=1&beforeSeq=5",
				token(alice));

		assertProblem(refused, 400, "INVALID");
		assertThat(refused.json().get("detail").asString()).contains("afterSeq").contains("beforeSeq");
	}

	@Test
	void otherBadRequestsAreProblemsToo() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		String history = "/api/conversations/" + conversation + "/messages?";

		assertProblem(api().get(history + "limit=0", token(alice)), 400, "INVALID");
		assertProblem(api().get(history + "limit=501", token(alice)), 400, "INVALID");
		assertProblem(api().get(history + "afterSeq=-1", token(alice)), 400, "INVALID");
		assertProblem(api().get(history + "beforeSeq=0", token(alice)), 400, "INVALID");
		assertProblem(api().post("/api/conversations", token(alice), Map.of("title", "t".repeat(201))), 400, "INVALID");
		assertProblem(api().post("/api/conversations", token(alice), Map.of("memberIds", List.of(" "))), 400,
				"INVALID");
		assertProblem(api().get("/api/conversations/not-a-uuid", token(alice)), 400, null);
		assertProblem(api().get(history + "afterSeq=abc", token(alice)), 400, null);
		assertProblem(api().postRaw("/api/conversations", token(alice), "{not json"), 400, null);
	}

	/** An RFC 9457 problem with {@code status} and, when given, our {@code code}. */
	private static void assertProblem(Api.Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		if (code != null) {
			assertThat(problem.get("code").asString()).isEqualTo(code);
			assertThat(problem.get("detail").asString()).isNotBlank();
		}
	}

	private static List<String> members(JsonNode conversation) {
		return conversation.get("memberIds").values().stream().map(JsonNode::asString).toList();
	}

}
