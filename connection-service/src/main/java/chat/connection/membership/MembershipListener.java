package chat.connection.membership;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Feeds {@link Memberships} from the compacted conversations topic, from its start on
 * every start-up.
 */
@Component
class MembershipListener {

	static final String ID = "memberships";

	private final Memberships memberships;

	MembershipListener(Memberships memberships) {
		this.memberships = memberships;
	}

	@KafkaListener(id = ID,
			topicPartitions = @TopicPartition(topic = Topics.CONVERSATIONS, partitions = "#{@topicPartitions.all()}"),
			idIsGroup = false, properties = "auto.offset.reset=earliest")
	void onMembersChanged(ConsumerRecord<String, byte[]> record) {
		this.memberships.apply(KafkaRecords.value(record, ConversationMembersChanged.class));
	}

}
