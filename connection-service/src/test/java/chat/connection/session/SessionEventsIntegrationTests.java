package chat.connection.session;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.presence.ConnectionEvent;
import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.NodeHeartbeat.LiveSession;
import chat.contracts.presence.SessionClosed;
import chat.contracts.presence.SessionOpened;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the presence service learns from this node on {@code chat.connections.v1}: every
 * authenticated session opened and closed (key: userId), and a heartbeat listing every
 * live session (key: nodeId) every {@code chat.edge.heartbeat-interval}.
 */
class SessionEventsIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void connectPublishesSessionOpenedAndDisconnectSessionClosedForTheSameSession() {
		String alice = newUser("alice");

		StompTestClient client = connect(alice);

		ConsumerRecord<String, byte[]> openedRecord = connectionsOf(alice, 1).get(0);
		SessionOpened opened = (SessionOpened) event(openedRecord);
		assertThat(opened.userId()).isEqualTo(alice);
		assertThat(opened.nodeId()).isEqualTo(NODE_ID);
		assertThat(opened.sessionId()).isNotBlank();
		assertWrittenByTheEdge(openedRecord, opened);

		client.close();

		List<ConsumerRecord<String, byte[]>> records = connectionsOf(alice, 2);
		assertThat(records).hasSize(2);
		assertThat(event(records.get(0))).isEqualTo(opened);
		SessionClosed closed = (SessionClosed) event(records.get(1));
		assertThat(closed.userId()).isEqualTo(alice);
		assertThat(closed.sessionId()).isEqualTo(opened.sessionId());
		assertThat(closed.nodeId()).isEqualTo(NODE_ID);
		assertThat(closed.occurredAt()).isAfterOrEqualTo(opened.occurredAt());
		assertWrittenByTheEdge(records.get(1), closed);
	}

	@Test
	void heartbeatsListTheLiveSessionsOfTheNode() {
		String alice = newUser("alice");
		StompTestClient phone = connect(alice);
		StompTestClient laptop = connect(alice);
		// each CONNECT completed before the next began, and both events share alice's
		// partition
		List<ConsumerRecord<String, byte[]>> opened = connectionsOf(alice, 2);
		LiveSession phoneSession = new LiveSession(alice, ((SessionOpened) event(opened.get(0))).sessionId());
		LiveSession laptopSession = new LiveSession(alice, ((SessionOpened) event(opened.get(1))).sessionId());
		assertThat(phoneSession).isNotEqualTo(laptopSession);

		ConsumerRecord<String, byte[]> bothLive = heartbeatAfter(-1,
				heartbeat -> heartbeat.sessions().containsAll(List.of(phoneSession, laptopSession)));
		NodeHeartbeat heartbeat = (NodeHeartbeat) event(bothLive);
		assertThat(heartbeat.nodeId()).isEqualTo(NODE_ID);
		assertThat(heartbeat.sessions()).isSortedAccordingTo(Comparator.comparing(LiveSession::sessionId));
		assertWrittenByTheEdge(bothLive, heartbeat);

		phone.close();

		NodeHeartbeat later = (NodeHeartbeat) event(
				heartbeatAfter(bothLive.offset(), next -> !next.sessions().contains(phoneSession)));
		assertThat(later.sessions()).contains(laptopSession).doesNotContain(phoneSession);
		assertThat(laptop.isConnected()).isTrue();
	}

	/**
	 * The first heartbeat of this node after {@code offset} that matches; the node id as
	 * key keeps them all in one partition, in the order sent.
	 */
	private ConsumerRecord<String, byte[]> heartbeatAfter(long offset, Predicate<NodeHeartbeat> matching) {
		List<ConsumerRecord<String, byte[]>> heartbeats = recordsOf(Topics.CONNECTIONS, NODE_ID, found -> found.stream()
			.anyMatch(record -> record.offset() > offset && matching.test(heartbeat(record))));
		return heartbeats.stream()
			.filter(record -> record.offset() > offset && matching.test(heartbeat(record)))
			.findFirst()
			.orElseThrow();
	}

	private List<ConsumerRecord<String, byte[]>> connectionsOf(String userId, int atLeast) {
		return recordsOf(Topics.CONNECTIONS, userId, found -> found.size() >= atLeast);
	}

	private static NodeHeartbeat heartbeat(ConsumerRecord<String, byte[]> record) {
		return (NodeHeartbeat) event(record);
	}

	/** The event of {@code record}, by its {@code ce_type}. */
	private static ConnectionEvent event(ConsumerRecord<String, byte[]> record) {
		String type = KafkaRecords.header(record, KafkaRecords.CE_TYPE);
		return switch (type) {
			case SessionOpened.TYPE -> KafkaRecords.value(record, SessionOpened.class);
			case SessionClosed.TYPE -> KafkaRecords.value(record, SessionClosed.class);
			case NodeHeartbeat.TYPE -> KafkaRecords.value(record, NodeHeartbeat.class);
			default -> throw new AssertionError("Unexpected event type " + type);
		};
	}

}
