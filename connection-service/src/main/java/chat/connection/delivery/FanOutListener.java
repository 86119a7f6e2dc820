package chat.connection.delivery;

import java.util.Map;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageAck;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.client.ReceiptUpdatedFrame;
import chat.contracts.client.TypingUpdatedFrame;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageRejected;
import chat.contracts.presence.TypingUpdated;
import chat.contracts.receipt.ReceiptUpdated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivers the services' events to this node's sessions: every stored message to the
 * conversation's subscribers (once) and its ack to every session of the sender (every
 * time, so a retry gets its ack); every rejection as a REJECTED ack; typing snapshots and
 * receipt changes to the conversation's subscribers. Each edge node reads from the end of
 * the topics in a consumer group of its own.
 */
@Component
class FanOutListener {

	static final String MESSAGES_ID = "fan-out-messages";

	static final String REJECTIONS_ID = "fan-out-rejections";

	static final String TYPING_ID = "fan-out-typing";

	static final String RECEIPTS_ID = "fan-out-receipts";

	private final SimpMessagingTemplate messaging;

	private final Acks acks;

	private final RecentDeliveries recent = new RecentDeliveries();

	private final Counter fannedOut;

	private final Counter suppressed;

	FanOutListener(SimpMessagingTemplate messaging, Acks acks, MeterRegistry meters) {
		this.messaging = messaging;
		this.acks = acks;
		this.fannedOut = meters.counter("chat.edge.fanout", "result", "delivered");
		this.suppressed = meters.counter("chat.edge.fanout", "result", "duplicate");
	}

	@KafkaListener(id = MESSAGES_ID,
			topicPartitions = @TopicPartition(topic = Topics.MESSAGES, partitions = "#{@topicPartitions.all()}"),
			idIsGroup = false, properties = "auto.offset.reset=latest")
	void onMessage(ConsumerRecord<String, byte[]> record) {
		MessageCreated message = KafkaRecords.value(record, MessageCreated.class);
		if (this.recent.firstDelivery(message.conversationId(), message.seq())) {
			this.messaging.convertAndSend(ConversationEvents.topic(message.conversationId()),
					MessageCreatedFrame.of(message),
					Map.of(ConversationEvents.EVENT_TYPE_HEADER, MessageCreatedFrame.TYPE));
			this.fannedOut.increment();
		}
		else {
			this.suppressed.increment();
		}
		this.acks.send(message.senderId(), MessageAck.accepted(message));
	}

	@KafkaListener(id = TYPING_ID,
			topicPartitions = @TopicPartition(topic = Topics.TYPING, partitions = "#{@topicPartitions.all()}"),
			idIsGroup = false, properties = "auto.offset.reset=latest")
	void onTyping(ConsumerRecord<String, byte[]> record) {
		TypingUpdated typing = KafkaRecords.value(record, TypingUpdated.class);
		this.messaging.convertAndSend(ConversationEvents.topic(typing.conversationId()), TypingUpdatedFrame.of(typing),
				Map.of(ConversationEvents.EVENT_TYPE_HEADER, TypingUpdatedFrame.TYPE));
	}

	@KafkaListener(id = RECEIPTS_ID,
			topicPartitions = @TopicPartition(topic = Topics.RECEIPTS, partitions = "#{@topicPartitions.all()}"),
			idIsGroup = false, properties = "auto.offset.reset=latest")
	void onReceipt(ConsumerRecord<String, byte[]> record) {
		ReceiptUpdated receipt = KafkaRecords.value(record, ReceiptUpdated.class);
		this.messaging.convertAndSend(ConversationEvents.topic(receipt.conversationId()),
				ReceiptUpdatedFrame.of(receipt),
				Map.of(ConversationEvents.EVENT_TYPE_HEADER, ReceiptUpdatedFrame.TYPE));
	}

	@KafkaListener(id = REJECTIONS_ID,
			topicPartitions = @TopicPartition(topic = Topics.MESSAGE_REJECTIONS,
					partitions = "#{@topicPartitions.all()}"),
			idIsGroup = false, properties = "auto.offset.reset=latest")
	void onRejection(ConsumerRecord<String, byte[]> record) {
		MessageRejected rejected = KafkaRecords.value(record, MessageRejected.class);
		this.acks.send(rejected.senderId(), MessageAck.rejected(rejected.clientMessageId().toString(),
				rejected.conversationId(), rejected.code(), rejected.reason()));
	}

}
