package chat.receipt.watermark;

import java.util.UUID;

import chat.contracts.Topics;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.receipt.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static chat.contracts.receipt.AdvanceReceipt.Kind.DELIVERED;
import static chat.contracts.receipt.AdvanceReceipt.Kind.READ;
import static org.assertj.core.api.Assertions.assertThat;

/** Receipts are for members: commands of others are ignored, their REST calls refused. */
class MembersOnlyIntegrationTests extends IntegrationTestSupport {

	private static final String IGNORED = "chat.receipt.commands.ignored";

	@Test
	void commandFromANonMemberIsIgnoredAndCounted() {
		String alice = user("alice");
		String bob = user("bob");
		String mallory = user("mallory");
		UUID conversation = conversation(alice, bob);
		messagesStored(conversation, alice, 1, 3);
		double ignoredBefore = counter(IGNORED, "reason", "not_member");

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			produce(command(conversation, mallory, READ, 2));
			// same partition, behind mallory's command: once its event is out, hers has
			// been decided
			produce(command(conversation, bob, DELIVERED, 1));
			awaitReceipt(receipts, conversation, bob, 1, 0);

			assertThat(receiptsOf(receipts, conversation, mallory)).isEmpty();
		}
		assertThat(stored(conversation, mallory)).isEmpty();
		assertThat(counter(IGNORED, "reason", "not_member")).isGreaterThanOrEqualTo(ignoredBefore + 1);
	}

	@Test
	void receiptsOfAConversationTheCallerIsNotInAreForbidden() {
		UUID conversation = conversation(user("alice"), user("bob"));

		Api.Response response = api().get("/api/conversations/" + conversation + "/receipts", token(user("mallory")));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("code").asString()).isEqualTo("NOT_MEMBER");
	}

	@Test
	void receiptsOfAnUnknownConversationAreNotFound() {
		Api.Response response = api().get("/api/conversations/" + UUID.randomUUID() + "/receipts",
				token(user("alice")));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("code").asString()).isEqualTo("NOT_FOUND");
	}

	@Test
	void membersWithoutAnyReceiptAreShownAtZero() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);

		Api.Response response = api().get("/api/conversations/" + conversation + "/receipts", token(bob));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).hasSize(2).allSatisfy(receipt -> {
			assertThat(receipt.get("deliveredUpToSeq").asLong()).isZero();
			assertThat(receipt.get("readUpToSeq").asLong()).isZero();
		});
	}

	@Test
	void removedMemberNoLongerSeesReceiptsNorCountsUnread() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);
		members(conversation, 2, alice);

		assertThat(api().get("/api/conversations/" + conversation + "/receipts", token(bob)).status()).isEqualTo(403);
		Api.Response unread = api().get("/api/unread", token(bob));
		assertThat(unread.status()).isEqualTo(200);
		assertThat(unread.json()).isEmpty();
	}

	@Test
	void callsWithoutATokenAreUnauthorized() {
		UUID conversation = conversation(user("alice"));

		Api.Response receipts = api().get("/api/conversations/" + conversation + "/receipts", null);
		Api.Response unread = api().get("/api/unread", null);

		assertThat(receipts.status()).isEqualTo(401);
		assertThat(receipts.wwwAuthenticate()).startsWith("Bearer");
		assertThat(unread.status()).isEqualTo(401);
	}

}
