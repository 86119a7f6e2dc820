package chat.message.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.SendMessage;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Send commands in over Kafka, stored rows in PostgreSQL, MessageCreated events out,
 * history over REST.
 */
class SendPathIntegrationTests extends IntegrationTestSupport {

	@Test
	void storedSendIsPublishedAsMessageCreatedWithCloudEventsHeaders() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		UUID clientMessageId = UUID.randomUUID();

		try (TopicReader messages = read(Topics.MESSAGES)) {
			produce(command(conversation, alice, clientMessageId, "héllo\n\t<b>world</b>"));

			ConsumerRecord<String, byte[]> record = messages.awaitKey(conversation, 1).get(0);
			MessageCreated created = KafkaRecords.value(record, MessageCreated.class);
			assertThat(created.conversationId()).isEqualTo(conversation);
			assertThat(created.senderId()).isEqualTo(alice);
			assertThat(created.clientMessageId()).isEqualTo(clientMessageId);
			assertThat(created.seq()).isEqualTo(1);
			assertThat(created.text()).isEqualTo("héllo\n\t<b>world</b>");

			assertThat(KafkaRecords.header(record, KafkaRecords.CE_ID)).isEqualTo(created.messageId().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TYPE)).isEqualTo("chat.message.created.v1");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SOURCE)).isEqualTo("message-service");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SPECVERSION)).isEqualTo("1.0");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TIME)).isEqualTo(created.createdAt().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CONTENT_TYPE)).isEqualTo("application/json");
			assertThat(record.headers()).extracting(Header::key).doesNotContain("__TypeId__");
			assertThat(new String(record.value())).doesNotContain("chat.contracts");

			Map<String, Object> row = this.jdbc
				.sql("SELECT id, seq, sender_id, client_message_id, body FROM messages WHERE conversation_id = :id")
				.param("id", conversation)
				.query()
				.singleRow();
			assertThat(row).containsEntry("id", created.messageId())
				.containsEntry("seq", 1L)
				.containsEntry("sender_id", alice)
				.containsEntry("client_message_id", clientMessageId)
				.containsEntry("body", "héllo\n\t<b>world</b>");
			assertThat(lastSeq(conversation)).isEqualTo(1);
		}
	}

	@Test
	void retriedSendIsStoredOnceAndEveryRetryGetsTheSameMessage() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		UUID clientMessageId = UUID.randomUUID();

		try (TopicReader messages = read(Topics.MESSAGES)) {
			produce(command(conversation, alice, clientMessageId, "once"));
			MessageCreated first = KafkaRecords.value(messages.awaitKey(conversation, 1).get(0), MessageCreated.class);
			// two edge retries of the same client message, each a new command
			produce(command(conversation, alice, clientMessageId, "once"),
					command(conversation, alice, clientMessageId, "once"));

			List<ConsumerRecord<String, byte[]>> records = messages.awaitKey(conversation, 3);
			assertThat(records).hasSize(3);
			assertThat(records).map(record -> KafkaRecords.value(record, MessageCreated.class)).allSatisfy(created -> {
				assertThat(created).isEqualTo(first);
				assertThat(created.createdAt()).isEqualTo(first.createdAt());
			});
			assertThat(records).map(record -> KafkaRecords.header(record, KafkaRecords.CE_ID))
				.containsOnly(first.messageId().toString());
		}
		assertThat(storedMessages(conversation)).isEqualTo(1);
		assertThat(lastSeq(conversation)).isEqualTo(1);
	}

	@Test
	void sendsFromManySendersGetGapFreeSeqsInArrivalOrderAndHistoryPagesThem() {
		List<String> senders = List.of(user("ann"), user("ben"), user("cat"), user("dan"));
		UUID conversation = createConversation(senders.get(0), senders.subList(1, 4).toArray(String[]::new));
		List<SendMessage> commands = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			commands.add(command(conversation, senders.get((i * 7 + i / 3) % 4), UUID.randomUUID(), "message " + i));
		}

		List<MessageCreated> events;
		try (TopicReader messages = read(Topics.MESSAGES)) {
			produce(commands.toArray(SendMessage[]::new));
			events = messages.awaitKey(conversation, 200)
				.stream()
				.map(record -> KafkaRecords.value(record, MessageCreated.class))
				.toList();
		}

		// events arrive in seq order, and seq order is the order the commands were
		// written
		assertThat(events).map(MessageCreated::seq).containsExactlyElementsOf(seqs(1, 200));
		assertThat(events).map(MessageCreated::clientMessageId)
			.containsExactlyElementsOf(commands.stream().map(SendMessage::clientMessageId).toList());
		assertThat(events).map(MessageCreated::senderId)
			.containsExactlyElementsOf(commands.stream().map(SendMessage::senderId).toList());
		assertThat(this.jdbc.sql("SELECT seq FROM messages WHERE conversation_id = :id ORDER BY seq")
			.param("id", conversation)
			.query(Long.class)
			.list()).containsExactlyElementsOf(seqs(1, 200));
		assertThat(lastSeq(conversation)).isEqualTo(200);

		String reader = token(senders.get(2));
		JsonNode all = history(conversation, "afterSeq=0&limit=500", reader);
		assertThat(ids(all)).containsExactlyElementsOf(events.stream().map(e -> e.messageId().toString()).toList());
		assertThat(seqsOf(all)).containsExactlyElementsOf(seqs(1, 200));
		assertThat(all.get("hasMore").asBoolean()).isFalse();
		JsonNode first = all.get("messages").get(0);
		assertThat(first.get("text").asString()).isEqualTo("message 0");
		assertThat(first.get("senderId").asString()).isEqualTo(commands.get(0).senderId());
		assertThat(Instant.parse(first.get("createdAt").asString())).isEqualTo(events.get(0).createdAt());

		assertPage(history(conversation, "afterSeq=0&limit=50", reader), 1, 50, true);
		assertPage(history(conversation, "afterSeq=120&limit=50", reader), 121, 170, true);
		assertPage(history(conversation, "afterSeq=150&limit=50", reader), 151, 200, false);
		assertPage(history(conversation, "afterSeq=200&limit=50", reader), 0, -1, false);
		assertPage(history(conversation, "limit=10", reader), 1, 10, true);
		assertPage(history(conversation, "beforeSeq=201&limit=50", reader), 151, 200, true);
		assertPage(history(conversation, "beforeSeq=100&limit=20", reader), 80, 99, true);
		assertPage(history(conversation, "beforeSeq=51&limit=50", reader), 1, 50, false);
		assertPage(history(conversation, "beforeSeq=11&limit=50", reader), 1, 10, false);
		assertPage(history(conversation, "beforeSeq=1&limit=50", reader), 0, -1, false);
	}

	@Test
	void historyOfAConversationWithoutMessagesIsEmpty() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);

		JsonNode page = history(conversation, "afterSeq=0", token(alice));

		assertThat(page.get("messages").size()).isZero();
		assertThat(page.get("hasMore").asBoolean()).isFalse();
	}

	private JsonNode history(UUID conversation, String query, String token) {
		Api.Response response = api().get("/api/conversations/" + conversation + "/messages?" + query, token);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static void assertPage(JsonNode page, long fromSeq, long toSeq, boolean hasMore) {
		assertThat(seqsOf(page)).containsExactlyElementsOf(seqs(fromSeq, toSeq));
		assertThat(page.get("hasMore").asBoolean()).isEqualTo(hasMore);
	}

	private static List<Long> seqsOf(JsonNode page) {
		return page.get("messages").values().stream().map(message -> message.get("seq").asLong()).toList();
	}

	private static List<String> ids(JsonNode page) {
		return page.get("messages").values().stream().map(message -> message.get("messageId").asString()).toList();
	}

	private static List<Long> seqs(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

}
