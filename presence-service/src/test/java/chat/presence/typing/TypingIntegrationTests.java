package chat.presence.typing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.presence.PresenceChanged;
import chat.contracts.presence.SetTyping;
import chat.contracts.presence.TypingUpdated;
import chat.testsupport.TopicReader;
import chat.presence.FakeEdgeNode;
import chat.presence.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Typing commands in over Kafka, coalesced snapshots out on {@code chat.typing.v1}. */
class TypingIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private Typing typing;

	@Test
	void aHundredFramesFromTenUsersWithinOneWindowGiveAtMostTwoSnapshots() {
		UUID room = UUID.randomUUID();
		List<String> users = IntStream.range(0, 10).mapToObj(i -> user("typist" + i)).toList();
		try (TopicReader snapshots = read(Topics.TYPING);
				KafkaProducer<String, byte[]> burst = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString(),
								ProducerConfig.LINGER_MS_CONFIG, 5_000, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20),
						new StringSerializer(), new ByteArraySerializer())) {
			// one producer batch: the frames reach the service together, as a burst
			// within 100 ms would
			for (int frame = 0; frame < 100; frame++) {
				int user = frame % 10;
				boolean typing = frame < 90 || user % 2 == 0; // odd users stop in the
																// last round
				burst.send(KafkaRecords.record(Topics.TYPING_COMMANDS, "test",
						new SetTyping(UUID.randomUUID(), Instant.now(), room, users.get(user), typing)));
			}
			burst.flush();

			snapshots.awaitKey(room, 1);
			List<TypingUpdated> published = await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.until(() -> values(snapshots, room, TypingUpdated.class), all -> all.size() <= 2);

			assertThat(published).hasSizeBetween(1, 2);
			assertThat(published.get(published.size() - 1).userIds()).containsExactlyElementsOf(
					IntStream.range(0, 10).filter(i -> i % 2 == 0).mapToObj(users::get).sorted().toList());
		}
	}

	@Test
	void theLastSessionClosingClearsTypingAtOnceNotAfterTheGrace() {
		UUID room = UUID.randomUUID();
		String dave = user("dave");
		try (TopicReader snapshots = read(Topics.TYPING);
				TopicReader presence = read(Topics.PRESENCE);
				FakeEdgeNode edge = edgeNode().startHeartbeats()) {
			String session = edge.open(dave);
			presence.awaitKey(dave, 1);
			produce(Topics.TYPING_COMMANDS, new SetTyping(UUID.randomUUID(), Instant.now(), room, dave, true));
			assertThat(KafkaRecords.value(snapshots.awaitKey(room, 1).get(0), TypingUpdated.class).userIds())
				.containsExactly(dave);

			edge.close(session);

			ConsumerRecord<String, byte[]> cleared = snapshots.awaitKey(room, 2).get(1);
			ConsumerRecord<String, byte[]> offline = presence.awaitKey(dave, 2).get(1);
			assertThat(KafkaRecords.value(cleared, TypingUpdated.class).userIds()).isEmpty();
			assertThat(KafkaRecords.value(offline, PresenceChanged.class).online()).isFalse();
			assertThat(cleared.timestamp()).as("typing cleared before the grace let presence go offline")
				.isLessThan(offline.timestamp());
		}
	}

	@Test
	void aSnapshotLeftShowingTypersByAnEarlierInstanceIsClearedAfterRecovery() {
		UUID room = UUID.randomUUID();
		try (TopicReader snapshots = read(Topics.TYPING)) {
			// what a previous instance published just before it died
			produce(Topics.TYPING, new TypingUpdated(UUID.randomUUID(), Instant.now(), room, List.of(user("ghost"))));

			this.typing.recover(Instant.now());

			List<ConsumerRecord<String, byte[]>> records = snapshots.awaitKey(room, 2);
			assertThat(KafkaRecords.value(records.get(1), TypingUpdated.class).userIds()).isEmpty();
		}
	}

}
