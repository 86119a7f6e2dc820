package chat.presence.typing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.presence.TypingUpdated;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads back the typing snapshots published since a point in time, without a consumer
 * group (manual assignment, nothing committed), keeping the newest per conversation. Used
 * once after a start, so that a snapshot the previous instance left showing someone
 * typing is replaced.
 */
@Component
class RecentSnapshots {

	/**
	 * Reading stops after this long even if the end was not reached (a huge backlog; best
	 * effort).
	 */
	static final Duration LIMIT = Duration.ofSeconds(10);

	private final ConsumerFactory<String, byte[]> consumers;

	RecentSnapshots(ConsumerFactory<String, byte[]> consumers) {
		this.consumers = consumers;
	}

	/**
	 * Conversation → the user ids of its newest snapshot published at or after
	 * {@code from}.
	 */
	Map<UUID, List<String>> since(Instant from) {
		Map<UUID, List<String>> newest = new HashMap<>();
		long deadline = System.nanoTime() + LIMIT.toNanos();
		try (Consumer<String, byte[]> consumer = this.consumers.createConsumer(null, "typing-recovery")) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.TYPING, LIMIT)
				.stream()
				.map(info -> new TopicPartition(Topics.TYPING, info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, LIMIT);
			Map<TopicPartition, Long> times = new HashMap<>();
			partitions.forEach(partition -> times.put(partition, from.toEpochMilli()));
			Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, LIMIT);
			for (TopicPartition partition : partitions) {
				OffsetAndTimestamp start = starts.get(partition);
				consumer.seek(partition, (start != null) ? start.offset() : ends.get(partition));
			}
			while (!reachedEnd(consumer, ends) && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
					try {
						TypingUpdated snapshot = KafkaRecords.value(record, TypingUpdated.class);
						if (snapshot.conversationId() != null) {
							newest.put(snapshot.conversationId(), snapshot.userIds());
						}
					}
					catch (MalformedRecord ex) {
						// not ours to judge here: skip it
					}
				}
			}
		}
		return newest;
	}

	private static boolean reachedEnd(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
	}

}
