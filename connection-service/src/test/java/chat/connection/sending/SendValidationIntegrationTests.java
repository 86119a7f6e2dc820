package chat.connection.sending;

import java.util.List;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.client.MessageAck;
import chat.contracts.message.SendMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The edge checks every send before it reaches Kafka: an invalid one gets a REJECTED ack
 * at once and no command; a valid one becomes exactly one {@link SendMessage} command,
 * keyed by conversation, with the token's subject as sender and the NFC form of the text.
 */
class SendValidationIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void invalidSendsAreRejectedAtTheEdgeAndOnlyTheValidSendBecomesACommand() {
		String alice = newUser("alice");
		UUID conversationId = UUID.randomUUID();
		StompTestClient client = connectWithQueues(alice);
		String tooLong = UUID.randomUUID().toString();
		String control = UUID.randomUUID().toString();
		UUID valid = UUID.randomUUID();

		// 1001 code points, but 2002 UTF-16 chars: the limit is on code points
		client.sendMessage(conversationId, tooLong, "\uD83D\uDE00".repeat(1001));
		client.sendMessage(conversationId, control, "bell \u0007");
		client.sendMessage(conversationId, "not-a-uuid", "hello");
		client.send("/app/conversations/" + conversationId + "/messages", "not json");
		// e + combining acute accent; stored as the single code point U+00E9
		client.sendMessage(conversationId, valid.toString(), "Cafe\u0301\tau lait\n");

		await("4 rejections").atMost(KAFKA_TIMEOUT).until(() -> client.acks().size() >= 4);
		assertThat(client.acks()).extracting(MessageAck::status, MessageAck::clientMessageId, ack -> ack.error().code())
			.containsExactly(tuple(MessageAck.Status.REJECTED, tooLong, ErrorCode.TOO_LONG),
					tuple(MessageAck.Status.REJECTED, control, ErrorCode.INVALID),
					tuple(MessageAck.Status.REJECTED, "not-a-uuid", ErrorCode.INVALID),
					tuple(MessageAck.Status.REJECTED, null, ErrorCode.INVALID));
		assertThat(client.acks()).allSatisfy(ack -> {
			assertThat(ack.messageId()).isNull();
			assertThat(ack.seq()).isNull();
			assertThat(ack.error().message()).isNotBlank();
		});

		// The valid send was handled after the invalid ones, so any command of theirs
		// would come before it.
		List<ConsumerRecord<String, byte[]>> commands = commandsOf(conversationId,
				found -> found.stream().anyMatch(record -> command(record).clientMessageId().equals(valid)));
		assertThat(commands).singleElement().satisfies(record -> {
			SendMessage command = command(record);
			assertThat(record.key()).isEqualTo(conversationId.toString());
			assertThat(command.conversationId()).isEqualTo(conversationId);
			assertThat(command.senderId()).isEqualTo(alice);
			assertThat(command.clientMessageId()).isEqualTo(valid);
			assertThat(command.text()).isEqualTo("Caf\u00e9\tau lait\n");
			assertThat(command.commandId()).isNotNull();
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SPECVERSION)).isEqualTo("1.0");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_ID)).isEqualTo(command.commandId().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TYPE)).isEqualTo(SendMessage.TYPE);
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SOURCE)).isEqualTo("connection-service");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TIME)).isEqualTo(command.occurredAt().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CONTENT_TYPE)).isEqualTo("application/json");
			assertThat(record.headers().lastHeader("__TypeId__")).isNull();
		});
		// Nothing but the rejections was acked: the valid send waits for the message
		// service.
		assertThat(client.acks()).hasSize(4);
	}

	@Test
	void textOfExactlyOneThousandCodePointsIsAccepted() {
		String alice = newUser("alice");
		UUID conversationId = UUID.randomUUID();
		StompTestClient client = connectWithQueues(alice);
		UUID clientMessageId = UUID.randomUUID();
		String text = "\uD83D\uDE00".repeat(1000);

		client.sendMessage(conversationId, clientMessageId.toString(), text);

		assertThat(awaitCommand(conversationId, clientMessageId).text()).isEqualTo(text);
		assertThat(client.acks()).isEmpty();
	}

	@Test
	void sendToConversationIdThatIsNotAUuidIsRejectedWithNotFound() {
		StompTestClient client = connectWithQueues(newUser("alice"));
		String clientMessageId = UUID.randomUUID().toString();

		client.sendMessage("not-a-conversation", clientMessageId, "hello");

		await("rejection").atMost(KAFKA_TIMEOUT).until(() -> !client.acks().isEmpty());
		assertThat(client.acks()).singleElement().satisfies(ack -> {
			assertThat(ack.status()).isEqualTo(MessageAck.Status.REJECTED);
			assertThat(ack.clientMessageId()).isEqualTo(clientMessageId);
			assertThat(ack.error().code()).isEqualTo(ErrorCode.NOT_FOUND);
		});
	}

}
