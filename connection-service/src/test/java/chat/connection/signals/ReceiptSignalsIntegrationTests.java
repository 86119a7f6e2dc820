package chat.connection.signals;

import java.util.List;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.client.ClientError;
import chat.contracts.receipt.AdvanceReceipt;
import chat.contracts.receipt.AdvanceReceipt.Kind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static chat.connection.StompTestClient.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@code SEND /app/conversations/{cid}/delivered} and {@code .../read} with
 * {@code {"upToSeq": n}}: a member's frame becomes one {@link AdvanceReceipt} command
 * keyed by conversation; a missing or negative {@code upToSeq} gets {@code INVALID} on
 * {@code /user/queue/errors} and no command.
 */
class ReceiptSignalsIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void deliveredAndReadBecomeOneAdvanceReceiptCommandEach() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice, newUser("bob"));
		StompTestClient client = connectWithQueues(alice);

		client.sendDelivered(conversationId, 7);
		client.sendRead(conversationId, 5);

		List<ConsumerRecord<String, byte[]>> records = receiptCommandsOf(conversationId, 2);
		assertThat(records).extracting(ReceiptSignalsIntegrationTests::advance)
			.extracting(AdvanceReceipt::conversationId, AdvanceReceipt::userId, AdvanceReceipt::kind,
					AdvanceReceipt::upToSeq)
			.containsExactly(tuple(conversationId, alice, Kind.DELIVERED, 7L),
					tuple(conversationId, alice, Kind.READ, 5L));
		assertThat(records).allSatisfy(record -> assertWrittenByTheEdge(record, advance(record)));
		assertThat(client.errors()).isEmpty();
	}

	@Test
	void missingOrNegativeUpToSeqIsInvalidAndProducesNoCommand() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);
		String delivered = signal(conversationId, "delivered");
		String read = signal(conversationId, "read");

		client.sendDelivered(conversationId, -1);
		client.send(read, "{}");
		client.send(read, "{\"upToSeq\":null}");
		client.send(delivered, "not json");
		// zero is the lowest valid watermark; handled last, it marks the end
		client.sendRead(conversationId, 0);

		await("4 errors").atMost(KAFKA_TIMEOUT).until(() -> client.errors().size() >= 4);
		assertThat(client.errors()).extracting(ClientError::code, ClientError::destination)
			.containsExactly(tuple(ErrorCode.INVALID, delivered), tuple(ErrorCode.INVALID, read),
					tuple(ErrorCode.INVALID, read), tuple(ErrorCode.INVALID, delivered));
		assertThat(receiptCommandsOf(conversationId, 1)).extracting(ReceiptSignalsIntegrationTests::advance)
			.extracting(AdvanceReceipt::kind, AdvanceReceipt::upToSeq)
			.containsExactly(tuple(Kind.READ, 0L));
		assertThat(client.isConnected()).isTrue();
	}

	private List<ConsumerRecord<String, byte[]>> receiptCommandsOf(UUID conversationId, int atLeast) {
		return recordsOf(Topics.RECEIPT_COMMANDS, conversationId.toString(), found -> found.size() >= atLeast);
	}

	private static AdvanceReceipt advance(ConsumerRecord<String, byte[]> record) {
		return KafkaRecords.value(record, AdvanceReceipt.class);
	}

}
