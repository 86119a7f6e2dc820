package chat.message.message;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.SendMessage;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends the service refuses: a MessageRejected keyed by sender, and nothing stored. */
class RejectionsIntegrationTests extends IntegrationTestSupport {

	@Test
	void sendToAnUnknownConversationIsRejectedAsNotFound() {
		String alice = user("alice");
		UUID unknown = UUID.randomUUID();
		SendMessage send = command(unknown, alice, UUID.randomUUID(), "anyone there?");

		MessageRejected rejected = rejectionOf(send);

		assertThat(rejected.code()).isEqualTo(ErrorCode.NOT_FOUND);
		assertThat(storedMessages(unknown)).isZero();
	}

	@Test
	void sendByANonMemberIsRejectedAsNotMemberAndStoresNothing() {
		String alice = user("alice");
		String mallory = user("mallory");
		UUID conversation = createConversation(alice);

		MessageRejected rejected = rejectionOf(command(conversation, mallory, UUID.randomUUID(), "let me in"));

		assertThat(rejected.code()).isEqualTo(ErrorCode.NOT_MEMBER);
		assertThat(storedMessages(conversation)).isZero();
		assertThat(lastSeq(conversation)).isZero();
	}

	@Test
	void rejectionIsFinalForItsClientMessageIdEvenAfterTheSenderBecomesAMember() {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = createConversation(alice);
		UUID clientMessageId = UUID.randomUUID();

		assertThat(rejectionOf(command(conversation, bob, clientMessageId, "too early")).code())
			.isEqualTo(ErrorCode.NOT_MEMBER);
		assertThat(api().post("/api/conversations/" + conversation + "/members", token(alice), Map.of("userId", bob))
			.status()).isEqualTo(200);

		// a retry (or a redelivery) of the refused send is refused again: nothing stored
		try (TopicReader rejections = read(Topics.MESSAGE_REJECTIONS); TopicReader messages = read(Topics.MESSAGES)) {
			SendMessage retry = command(conversation, bob, clientMessageId, "too early");
			produce(retry);
			assertThat(rejections.awaitKey(bob, 2)).last()
				.satisfies(record -> assertThat(KafkaRecords.value(record, MessageRejected.class))
					.extracting(MessageRejected::commandId, MessageRejected::code)
					.containsExactly(retry.commandId(), ErrorCode.NOT_MEMBER));
			produce(command(conversation, bob, UUID.randomUUID(), "a new send"));
			assertThat(KafkaRecords.value(messages.awaitKey(conversation, 1).get(0), MessageCreated.class).text())
				.isEqualTo("a new send");
		}
		assertThat(storedMessages(conversation)).isEqualTo(1);
	}

	@Test
	void textOf1001CodePointsIsRejectedAsTooLongEvenWhenItBypassesTheEdge() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);

		MessageRejected rejected = rejectionOf(command(conversation, alice, UUID.randomUUID(), "x".repeat(1001)));

		assertThat(rejected.code()).isEqualTo(ErrorCode.TOO_LONG);
		assertThat(storedMessages(conversation)).isZero();
	}

	@Test
	void lengthIsCountedInCodePointsNotChars() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		String emoji = "\uD83D\uDE00"; // one code point, two chars

		MessageRejected rejected = rejectionOf(command(conversation, alice, UUID.randomUUID(), emoji.repeat(1001)));
		assertThat(rejected.code()).isEqualTo(ErrorCode.TOO_LONG);

		try (TopicReader messages = read(Topics.MESSAGES)) {
			produce(command(conversation, alice, UUID.randomUUID(), emoji.repeat(1000)));
			MessageCreated created = KafkaRecords.value(messages.awaitKey(conversation, 1).get(0),
					MessageCreated.class);
			assertThat(created.text()).isEqualTo(emoji.repeat(1000));
		}
		assertThat(storedMessages(conversation)).isEqualTo(1);
	}

	@Test
	void controlCharactersAreRejectedAsInvalid() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);

		MessageRejected rejected = rejectionOf(command(conversation, alice, UUID.randomUUID(), "bell\u0007"));

		assertThat(rejected.code()).isEqualTo(ErrorCode.INVALID);
		assertThat(storedMessages(conversation)).isZero();
	}

	@Test
	void reusingAClientMessageIdInAnotherConversationIsRejectedAsInvalid() {
		String alice = user("alice");
		UUID first = createConversation(alice);
		UUID second = createConversation(alice);
		UUID clientMessageId = UUID.randomUUID();
		try (TopicReader messages = read(Topics.MESSAGES)) {
			produce(command(first, alice, clientMessageId, "first"));
			messages.awaitKey(first, 1);
		}

		MessageRejected rejected = rejectionOf(command(second, alice, clientMessageId, "second"));

		assertThat(rejected.code()).isEqualTo(ErrorCode.INVALID);
		assertThat(storedMessages(first)).isEqualTo(1);
		assertThat(storedMessages(second)).isZero();
	}

	/**
	 * Sends {@code send} and returns its one rejection, checking what every rejection
	 * carries.
	 */
	private MessageRejected rejectionOf(SendMessage send) {
		try (TopicReader rejections = read(Topics.MESSAGE_REJECTIONS)) {
			produce(send);
			List<ConsumerRecord<String, byte[]>> records = rejections.awaitKey(send.senderId(), 1);
			assertThat(records).hasSize(1);
			ConsumerRecord<String, byte[]> record = records.get(0);
			MessageRejected rejected = KafkaRecords.value(record, MessageRejected.class);
			assertThat(rejected.commandId()).isEqualTo(send.commandId());
			assertThat(rejected.conversationId()).isEqualTo(send.conversationId());
			assertThat(rejected.senderId()).isEqualTo(send.senderId());
			assertThat(rejected.clientMessageId()).isEqualTo(send.clientMessageId());
			assertThat(rejected.reason()).isNotBlank().doesNotContain(send.text());
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TYPE)).isEqualTo(MessageRejected.TYPE);
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_ID)).isEqualTo(rejected.eventId().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SOURCE)).isEqualTo("message-service");
			assertThat(KafkaRecords.header(record, "__TypeId__")).isNull();
			return rejected;
		}
	}

}
