package chat.presence.typing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.presence.SetTyping;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Consumes typing commands in batches into {@link Typing} (in memory; the snapshots go
 * out on the ticker). A malformed record: the valid prefix is applied, then the error
 * handler dead-letters the record.
 */
@Component
class TypingCommandListener implements ConsumerSeekAware {

	static final String ID = "typing-commands";

	private final Typing typing;

	TypingCommandListener(Typing typing) {
		this.typing = typing;
	}

	@KafkaListener(id = ID, topics = Topics.TYPING_COMMANDS, batch = "true", autoStartup = "false")
	void onCommands(List<ConsumerRecord<String, byte[]>> records) {
		List<SetTyping> commands = new ArrayList<>(records.size());
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
		this.typing.apply(commands);
		if (malformed != null) {
			throw new BatchListenerFailedException(malformed.getMessage(), malformed, commands.size());
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		if (!assignments.isEmpty()) {
			this.typing.partitionsAssigned();
		}
	}

	private static SetTyping decode(ConsumerRecord<String, byte[]> record) {
		SetTyping command = KafkaRecords.value(record, SetTyping.class);
		if (command.conversationId() == null || command.userId() == null || command.occurredAt() == null) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(),
					new IllegalArgumentException("conversationId, userId and occurredAt are required"));
		}
		return command;
	}

}
