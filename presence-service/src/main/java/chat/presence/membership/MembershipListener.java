package chat.presence.membership;

import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds {@link Memberships} from the compacted conversations topic, from its start on
 * every start-up: a consumer group of its own per start (so an overlapping instance never
 * takes partitions from it) and {@code auto.offset.reset=earliest}.
 */
@Component
class MembershipListener {

	static final String ID = "memberships";

	private final Memberships memberships;

	MembershipListener(Memberships memberships) {
		this.memberships = memberships;
	}

	@KafkaListener(id = ID, topics = Topics.CONVERSATIONS,
			groupId = "#{'presence-service-members-' + T(java.util.UUID).randomUUID()}",
			properties = "auto.offset.reset=earliest")
	void onMembersChanged(ConsumerRecord<String, byte[]> record) {
		ConversationMembersChanged event = KafkaRecords.value(record, ConversationMembersChanged.class);
		if (event.conversationId() == null || event.memberIds() == null) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(),
					new IllegalArgumentException("conversationId and memberIds are required"));
		}
		this.memberships.apply(event);
	}

}
