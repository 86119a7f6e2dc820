package chat.receipt.membership;

import java.util.List;

import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Feeds {@link Memberships} from the compacted conversations topic, from its start on
 * every start-up: a consumer group of its own per start (every instance needs every
 * partition), one consumer thread, and {@link MembershipCatchUp} to seek to the beginning
 * and tell when the view is loaded.
 */
@Component
class MembershipListener {

	static final String ID = "memberships";

	private final Memberships memberships;

	private final MembershipCatchUp catchUp;

	MembershipListener(Memberships memberships, MembershipCatchUp catchUp) {
		this.memberships = memberships;
		this.catchUp = catchUp;
	}

	@KafkaListener(id = ID, topics = Topics.CONVERSATIONS, batch = "true", concurrency = "1",
			groupId = "${spring.application.name}-members-${random.uuid}",
			containerFactory = "membershipListenerFactory", properties = "auto.offset.reset=earliest")
	void onMembersChanged(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		for (int i = 0; i < records.size(); i++) {
			try {
				this.memberships.apply(decode(records.get(i)));
			}
			catch (MalformedRecord ex) {
				// the records before it are applied; the error handler dead-letters it
				// and redelivers the rest
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		this.catchUp.check(consumer);
	}

	private static ConversationMembersChanged decode(ConsumerRecord<String, byte[]> record) {
		ConversationMembersChanged change = KafkaRecords.value(record, ConversationMembersChanged.class);
		if (change.conversationId() == null) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(),
					new IllegalArgumentException("conversationId is required"));
		}
		return change;
	}

}
