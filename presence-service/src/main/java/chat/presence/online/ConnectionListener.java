package chat.presence.online;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.presence.ConnectionEvent;
import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.SessionClosed;
import chat.contracts.presence.SessionOpened;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Consumes session events and node heartbeats in batches (one container thread).
 * {@link Presence#apply} returns only after the resulting transitions are stored and
 * acknowledged by Kafka, so the container commits the batch's offsets after its side
 * effects. A malformed record: the valid prefix is applied first, then the error handler
 * commits it, dead-letters the record and redelivers the rest.
 */
@Component
class ConnectionListener implements ConsumerSeekAware {

	static final String ID = "connections";

	private final Presence presence;

	ConnectionListener(Presence presence) {
		this.presence = presence;
	}

	@KafkaListener(id = ID, topics = Topics.CONNECTIONS, batch = "true", autoStartup = "false")
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		List<ConnectionEvent> events = new ArrayList<>(records.size());
		MalformedRecord malformed = null;
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				events.add(decode(record));
			}
			catch (MalformedRecord ex) {
				malformed = ex;
				break;
			}
		}
		this.presence.apply(events);
		if (malformed != null) {
			throw new BatchListenerFailedException(malformed.getMessage(), malformed, events.size());
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		if (!assignments.isEmpty()) {
			this.presence.partitionsAssigned();
		}
	}

	/**
	 * The event named by {@code ce_type}; {@link MalformedRecord} for an unknown type or
	 * missing fields.
	 */
	static ConnectionEvent decode(ConsumerRecord<String, byte[]> record) {
		String type = KafkaRecords.header(record, KafkaRecords.CE_TYPE);
		ConnectionEvent event;
		if (SessionOpened.TYPE.equals(type)) {
			SessionOpened opened = KafkaRecords.value(record, SessionOpened.class);
			require(record, opened.occurredAt() != null && opened.userId() != null && opened.sessionId() != null
					&& opened.nodeId() != null);
			event = opened;
		}
		else if (SessionClosed.TYPE.equals(type)) {
			SessionClosed closed = KafkaRecords.value(record, SessionClosed.class);
			require(record, closed.occurredAt() != null && closed.userId() != null && closed.sessionId() != null
					&& closed.nodeId() != null);
			event = closed;
		}
		else if (NodeHeartbeat.TYPE.equals(type)) {
			NodeHeartbeat heartbeat = KafkaRecords.value(record, NodeHeartbeat.class);
			require(record,
					heartbeat.occurredAt() != null && heartbeat.nodeId() != null && heartbeat.part() >= 1
							&& heartbeat.part() <= heartbeat.parts()
							&& heartbeat.sessions()
								.stream()
								.allMatch(live -> live.userId() != null && live.sessionId() != null));
			event = heartbeat;
		}
		else {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(),
					new IllegalArgumentException("unknown ce_type " + type));
		}
		return event;
	}

	private static void require(ConsumerRecord<String, byte[]> record, boolean complete) {
		if (!complete) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(),
					new IllegalArgumentException("a required field is missing"));
		}
	}

}
