package chat.presence.online;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.presence.PresenceChanged;
import chat.contracts.presence.SessionOpened;
import chat.testsupport.TopicReader;
import chat.presence.FakeEdgeNode;
import chat.presence.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session events and heartbeats in over Kafka, transitions out on
 * {@code chat.presence.v1} and in the database.
 */
class PresenceIntegrationTests extends IntegrationTestSupport {

	@Test
	void aSessionOpeningPublishesOnlineWithCloudEventsHeaders() throws Exception {
		String alice = user("alice");
		try (TopicReader presence = read(Topics.PRESENCE); FakeEdgeNode edge = edgeNode().startHeartbeats()) {
			Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			edge.open(alice);

			ConsumerRecord<String, byte[]> record = presence.awaitKey(alice, 1).get(0);
			PresenceChanged changed = KafkaRecords.value(record, PresenceChanged.class);
			assertThat(changed.userId()).isEqualTo(alice);
			assertThat(changed.online()).isTrue();
			assertThat(changed.lastSeenAt()).isAfterOrEqualTo(before);
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SPECVERSION)).isEqualTo("1.0");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TYPE)).isEqualTo(PresenceChanged.TYPE);
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_SOURCE)).isEqualTo("presence-service");
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_ID)).isEqualTo(changed.eventId().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CE_TIME)).isEqualTo(changed.occurredAt().toString());
			assertThat(KafkaRecords.header(record, KafkaRecords.CONTENT_TYPE)).isEqualTo("application/json");
			assertThat(record.headers().lastHeader("__TypeId__")).isNull();
			assertStored(alice, true);
		}
	}

	@Test
	void theLastOfTwoDevicesClosingPublishesOfflineWithinTheGracePlusOneSecond() {
		String bob = user("bob");
		try (TopicReader presence = read(Topics.PRESENCE); FakeEdgeNode edge = edgeNode().startHeartbeats()) {
			String phone = edge.open(bob);
			String laptop = edge.open(bob);
			presence.awaitKey(bob, 1);

			edge.close(phone);
			// still online: give a wrong offline every chance to show up before the
			// second close
			await().during(GRACE.plusMillis(500))
				.atMost(GRACE.plusSeconds(2))
				.until(() -> values(presence, bob, PresenceChanged.class), changes -> changes.size() == 1);

			edge.close(laptop);
			Instant closedAt = Instant.now();
			List<ConsumerRecord<String, byte[]>> records = presence.awaitKey(bob, 2, GRACE.plusSeconds(1));

			PresenceChanged offline = KafkaRecords.value(records.get(1), PresenceChanged.class);
			assertThat(offline.online()).isFalse();
			assertThat(offline.lastSeenAt()).isBetween(closedAt.minusSeconds(1), closedAt);
			assertThat(this.jdbc.sql("SELECT last_seen_at FROM last_seen WHERE user_id = :id AND NOT online")
				.param("id", bob)
				.query(java.sql.Timestamp.class)
				.single()
				.toInstant()).isEqualTo(offline.lastSeenAt());
		}
	}

	@Test
	void aReconnectInsideTheGracePublishesNothing() {
		String carol = user("carol");
		try (TopicReader presence = read(Topics.PRESENCE); FakeEdgeNode edge = edgeNode().startHeartbeats()) {
			String first = edge.open(carol);
			presence.awaitKey(carol, 1);

			edge.close(first);
			edge.open(carol);
			await().during(GRACE.plusSeconds(1))
				.atMost(GRACE.plusSeconds(3))
				.until(() -> values(presence, carol, PresenceChanged.class), changes -> changes.size() == 1);
			assertStored(carol, true);
		}
	}

	@Test
	void usersOfANodeWhoseHeartbeatsStopGoOfflineWithinTheLeasePlusTwoSeconds() {
		String dave = user("dave");
		String erin = user("erin");
		try (TopicReader presence = read(Topics.PRESENCE);
				FakeEdgeNode dying = edgeNode().startHeartbeats();
				FakeEdgeNode healthy = edgeNode().startHeartbeats()) {
			dying.open(dave);
			healthy.open(erin);
			Instant opened = Instant.now();
			presence.awaitKey(dave, 1);
			presence.awaitKey(erin, 1);
			// a heartbeat that lists dave's session, so the node's last sign of life is a
			// heartbeat
			await().atMost(PATIENCE)
				.until(() -> dying.lastHeartbeatAt() != null && dying.lastHeartbeatAt().isAfter(opened));

			dying.kill();
			Instant killedAt = Instant.now();
			List<ConsumerRecord<String, byte[]>> records = presence.awaitKey(dave, 2, LEASE.plusSeconds(2));

			PresenceChanged offline = KafkaRecords.value(records.get(1), PresenceChanged.class);
			assertThat(offline.online()).isFalse();
			assertThat(offline.lastSeenAt()).as("the node's last heartbeat")
				.isEqualTo(dying.lastHeartbeatAt().truncatedTo(ChronoUnit.MILLIS))
				.isBetween(opened.truncatedTo(ChronoUnit.MILLIS), killedAt);
			assertStored(dave, false);
			assertThat(values(presence, erin, PresenceChanged.class)).as("another node's user stays online").hasSize(1);
		}
	}

	@Test
	void aMalformedEventGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() throws Exception {
		String fay = user("fay");
		try (TopicReader presence = read(Topics.PRESENCE);
				TopicReader deadLetters = read(Topics.deadLetter(Topics.CONNECTIONS));
				FakeEdgeNode edge = edgeNode().startHeartbeats()) {
			ProducerRecord<String, byte[]> poison = KafkaRecords.record(Topics.CONNECTIONS, "test",
					new SessionOpened(UUID.randomUUID(), Instant.now(), fay, "s1", edge.nodeId()));
			this.kafka
				.send(new ProducerRecord<>(Topics.CONNECTIONS, null, fay, "{not json".getBytes(StandardCharsets.UTF_8),
						poison.headers()))
				.get(10, TimeUnit.SECONDS);
			edge.open(fay);

			assertThat(deadLetters.awaitKey(fay, 1).get(0).value()).asString(StandardCharsets.UTF_8)
				.isEqualTo("{not json");
			assertThat(KafkaRecords.value(presence.awaitKey(fay, 1).get(0), PresenceChanged.class).online()).isTrue();
		}
	}

}
