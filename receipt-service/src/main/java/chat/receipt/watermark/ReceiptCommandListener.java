package chat.receipt.watermark;

import java.util.ArrayList;
import java.util.List;

import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.receipt.AdvanceReceipt;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes receipt commands in batches and hands them to {@link Receipts}, which returns
 * once the changes are committed and their events acknowledged; only then does the
 * container commit the offsets. Not started with the context:
 * {@link CommandListenerStarter} starts it once the membership view is loaded.
 */
@Component
class ReceiptCommandListener {

	static final String ID = "receipt-commands";

	private static final int MAX_USER_ID = 255;

	private final Receipts receipts;

	ReceiptCommandListener(Receipts receipts) {
		this.receipts = receipts;
	}

	@KafkaListener(id = ID, topics = Topics.RECEIPT_COMMANDS, batch = "true", autoStartup = "false")
	void onCommands(List<ConsumerRecord<String, byte[]>> records) {
		List<AdvanceReceipt> commands = new ArrayList<>(records.size());
		MalformedRecord malformed = null;
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				commands.add(decode(record));
			}
			catch (MalformedRecord ex) {
				malformed = ex;
				break;
			}
		}
		// The valid prefix is applied and published first; the error handler then commits
		// it and either
		// retries from the command whose membership is not known yet, or dead-letters the
		// malformed record.
		Receipts.Outcome outcome = this.receipts.advance(commands);
		if (outcome.processed() < commands.size()) {
			AdvanceReceipt waiting = commands.get(outcome.processed());
			throw new BatchListenerFailedException("membership not known yet",
					new MembershipNotYetKnown(waiting.conversationId(), waiting.userId()), outcome.processed());
		}
		if (malformed != null) {
			throw new BatchListenerFailedException(malformed.getMessage(), malformed, commands.size());
		}
	}

	/**
	 * The command, or {@link MalformedRecord} when it breaks its schema: such a command
	 * can never be applied, so retrying it would block its partition forever.
	 */
	private static AdvanceReceipt decode(ConsumerRecord<String, byte[]> record) {
		AdvanceReceipt command = KafkaRecords.value(record, AdvanceReceipt.class);
		if (command.commandId() == null || command.occurredAt() == null || command.conversationId() == null
				|| command.userId() == null || command.userId().isEmpty() || command.userId().length() > MAX_USER_ID
				|| command.kind() == null || command.upToSeq() < 0) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(), new IllegalArgumentException(
					"commandId, occurredAt, conversationId, userId (1-255 chars), kind and upToSeq >= 0 are required"));
		}
		return command;
	}

}
