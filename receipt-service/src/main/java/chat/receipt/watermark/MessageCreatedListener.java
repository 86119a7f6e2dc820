package chat.receipt.watermark;

import java.util.ArrayList;
import java.util.List;

import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.message.MessageCreated;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes stored messages in batches: the conversation's last seq (the clamp for
 * receipts) and the sender's own read watermark. Offsets are committed after the
 * transaction and the events are done. Records of other types on the topic are skipped,
 * so new optional event types do not stop this reader.
 */
@Component
class MessageCreatedListener {

	static final String ID = "messages";

	private final Receipts receipts;

	MessageCreatedListener(Receipts receipts) {
		this.receipts = receipts;
	}

	@KafkaListener(id = ID, topics = Topics.MESSAGES, batch = "true")
	void onMessages(List<ConsumerRecord<String, byte[]>> records) {
		List<MessageCreated> messages = new ArrayList<>(records.size());
		MalformedRecord malformed = null;
		int index = 0;
		for (; index < records.size(); index++) {
			ConsumerRecord<String, byte[]> record = records.get(index);
			if (!MessageCreated.TYPE.equals(KafkaRecords.header(record, KafkaRecords.CE_TYPE))) {
				continue;
			}
			try {
				messages.add(decode(record));
			}
			catch (MalformedRecord ex) {
				malformed = ex;
				break;
			}
		}
		if (!messages.isEmpty()) {
			this.receipts.messagesCreated(messages);
		}
		if (malformed != null) {
			throw new BatchListenerFailedException(malformed.getMessage(), malformed, index);
		}
	}

	private static MessageCreated decode(ConsumerRecord<String, byte[]> record) {
		MessageCreated message = KafkaRecords.value(record, MessageCreated.class);
		if (message.conversationId() == null || message.senderId() == null || message.seq() < 1) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(),
					new IllegalArgumentException("conversationId, senderId and seq >= 1 are required"));
		}
		return message;
	}

}
