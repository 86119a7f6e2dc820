package chat.receipt.watermark;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.receipt.ReceiptUpdated;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.receipt.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static chat.contracts.receipt.AdvanceReceipt.Kind.DELIVERED;
import static chat.contracts.receipt.AdvanceReceipt.Kind.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Messages and receipt commands in over Kafka, watermarks in PostgreSQL,
 * {@code receipt.updated} events out, receipts and unread counts over REST.
 */
class ReceiptFlowIntegrationTests extends IntegrationTestSupport {

	@Test
	void readReceiptThatOvertakesItsMessageIsAppliedWhenTheMessageArrives() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			messagesStored(conversation, alice, 1, 1);
			// bob's client saw message 2 before this service did
			produce(command(conversation, bob, READ, 2));
			awaitReceipt(receipts, conversation, bob, 1, 1);

			messagesStored(conversation, alice, 2, 2);

			awaitReceipt(receipts, conversation, bob, 2, 2);
		}
		await().atMost(PATIENCE).until(() -> stored(conversation, bob).equals(Optional.of(List.of(2L, 2L))));
	}

	@Test
	void receiptForAConversationWithNoKnownMessageIsKeptUntilItsMessagesArrive() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			produce(command(conversation, bob, DELIVERED, 3));
			await().atMost(PATIENCE)
				.until(() -> this.jdbc.sql("SELECT count(*) FROM receipts_ahead WHERE conversation_id = :id")
					.param("id", conversation)
					.query(Long.class)
					.single() == 1);

			messagesStored(conversation, alice, 1, 2);
			awaitReceipt(receipts, conversation, bob, 2, 0);
			messagesStored(conversation, alice, 3, 3);
			awaitReceipt(receipts, conversation, bob, 3, 0);
		}
	}

	@Test
	void deliveredAndReadWatermarksArePublishedShownOverRestAndCountedAsUnread() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			messagesStored(conversation, alice, 1, 5);
			// sending moved alice's own read (and so delivered) watermark to her newest
			// message: stored, not published (clients infer it from message.created)
			await().atMost(PATIENCE).until(() -> stored(conversation, alice).equals(Optional.of(List.of(5L, 5L))));

			produce(command(conversation, bob, DELIVERED, 5), command(conversation, bob, READ, 3));

			ConsumerRecord<String, byte[]> record = awaitReceipt(receipts, conversation, bob, 5, 3);
			// an event of alice's would have been published before her row committed, so
			// before bob's in the conversation's partition
			assertThat(receiptsOf(receipts, conversation, alice)).isEmpty();
			ReceiptUpdated event = KafkaRecords.value(record, ReceiptUpdated.class);
			assertThat(event.conversationId()).isEqualTo(conversation);
			assertThat(record.key()).isEqualTo(conversation.toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TYPE)).isEqualTo("chat.receipt.updated.v1");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SOURCE)).isEqualTo("receipt-service");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SPECVERSION)).isEqualTo("1.0");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_ID)).isEqualTo(event.eventId().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TIME)).isEqualTo(event.occurredAt().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CONTENT_TYPE)).isEqualTo("application/json");
			assertThat(record.headers()).extracting(Header::key).doesNotContain("__TypeId__");
			assertThat(receiptsOf(receipts, conversation, bob)).last().isEqualTo(event);
		}

		// the event is published just before its transaction commits
		await().atMost(PATIENCE).until(() -> stored(conversation, bob).isPresent());
		Api.Response response = api().get("/api/conversations/" + conversation + "/receipts", token(alice));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json()).hasSize(2);
		assertThat(receipt(response.json(), alice)).isEqualTo(List.of(5L, 5L));
		assertThat(receipt(response.json(), bob)).isEqualTo(List.of(5L, 3L));

		JsonNode bobsUnread = only(api().get("/api/unread", token(bob)));
		assertThat(bobsUnread.get("conversationId").asString()).isEqualTo(conversation.toString());
		assertThat(bobsUnread.get("lastSeq").asLong()).isEqualTo(5);
		assertThat(bobsUnread.get("readUpToSeq").asLong()).isEqualTo(3);
		assertThat(bobsUnread.get("unread").asLong()).isEqualTo(2);
		assertThat(only(api().get("/api/unread", token(alice))).get("unread").asLong()).isZero();
	}

	@Test
	void outOfOrderAndRepeatedCommandsKeepTheMaximumAndPublishNothingWhenNothingChanges() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);
		messagesStored(conversation, alice, 1, 5);

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			produce(command(conversation, bob, READ, 3), command(conversation, bob, READ, 1),
					command(conversation, bob, READ, 3), command(conversation, bob, DELIVERED, 2));
			awaitReceipt(receipts, conversation, bob, 3, 3);
			// a command that changes something, behind the others in the same partition:
			// once its event is out,
			// every earlier command has been processed
			produce(command(conversation, bob, DELIVERED, 4));
			awaitReceipt(receipts, conversation, bob, 4, 3);

			assertThat(receiptsOf(receipts, conversation, bob))
				.extracting(ReceiptUpdated::deliveredUpToSeq, ReceiptUpdated::readUpToSeq)
				.containsExactly(tuple(3L, 3L), tuple(4L, 3L));
		}
		await().atMost(PATIENCE).until(() -> stored(conversation, bob).equals(Optional.of(List.of(4L, 3L))));
	}

	@Test
	void receiptAheadOfTheMessagesKnownIsClampedToTheLastSeqAndGrowsWhenSentAgain() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);
		messagesStored(conversation, alice, 1, 2);

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			produce(command(conversation, bob, READ, 7));
			awaitReceipt(receipts, conversation, bob, 2, 2);

			messagesStored(conversation, alice, 3, 7);
			produce(command(conversation, bob, READ, 7));
			awaitReceipt(receipts, conversation, bob, 7, 7);
		}
	}

	@Test
	void receiptForAConversationWithoutMessagesChangesNothing() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);
		UUID other = conversation(alice, bob);
		messagesStored(other, alice, 1, 1);

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			produce(command(conversation, bob, DELIVERED, 3));
			produce(command(other, bob, DELIVERED, 1));
			awaitReceipt(receipts, other, bob, 1, 0);

			assertThat(receiptsOf(receipts, conversation, bob)).isEmpty();
		}
		assertThat(stored(conversation, bob)).isEmpty();
	}

	@Test
	void receiptThatArrivesBeforeTheMembershipRecordIsAppliedOnceTheRecordArrives() {
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");
		UUID conversation = conversation(alice, bob);
		messagesStored(conversation, alice, 1, 2);

		try (TopicReader receipts = read(Topics.RECEIPTS)) {
			// carol was just added: the edge let her in (it asked the message service),
			// the membership record
			// is still on its way to this service
			produce(command(conversation, carol, READ, 2));
			members(conversation, 2, alice, bob, carol);

			awaitReceipt(receipts, conversation, carol, 2, 2);
		}
	}

	private static List<Long> receipt(JsonNode receipts, String userId) {
		for (JsonNode receipt : receipts) {
			if (receipt.get("userId").asString().equals(userId)) {
				return List.of(receipt.get("deliveredUpToSeq").asLong(), receipt.get("readUpToSeq").asLong());
			}
		}
		throw new AssertionError("no receipt of " + userId + " in " + receipts);
	}

	private static JsonNode only(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json()).hasSize(1);
		return response.json().get(0);
	}

}
