package chat.connection.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import chat.connection.membership.Memberships;
import chat.connection.session.SessionTargets;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.PresenceUpdatedFrame;
import chat.contracts.presence.PresenceChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Presence at the edge: keeps the current presence of every user from the compacted
 * {@code chat.presence.v1} (read from its start at every start-up), delivers each change
 * as {@code presence.updated} to every conversation that user took part in, and gives a
 * new subscriber of a conversation the current presence of its participants. A member who
 * was only added, and never created the conversation or wrote in it, shares nothing there
 * (ADR 10); when they take part, the conversation gets their current presence.
 *
 * <p>
 * The snapshot for a new subscriber goes through the broker to that session's
 * subscription only ({@link SessionTargets}), after the subscription is registered, so it
 * reaches the subscriber before any later event (the broker keeps per-session order) and
 * costs the other subscribers nothing.
 */
@Component
public class PresenceFanOut {

	static final String ID = "presence";

	/**
	 * Changes older than this at start-up are only remembered, not delivered (nobody was
	 * subscribed).
	 */
	private static final Duration REPLAY_SLACK = Duration.ofSeconds(5);

	private static final Map<String, String> EVENT_TYPE = Map.of(ConversationEvents.EVENT_TYPE_HEADER,
			PresenceUpdatedFrame.TYPE);

	/** The same header, typed as the messaging template takes it. */
	private static final Map<String, Object> EVENT_TYPE_HEADERS = Map.copyOf(EVENT_TYPE);

	private final Map<String, PresenceChanged> current = new ConcurrentHashMap<>();

	private final Memberships memberships;

	private final SimpMessagingTemplate messaging;

	private final Instant startedAt = Instant.now();

	PresenceFanOut(Memberships memberships, SimpMessagingTemplate messaging) {
		this.memberships = memberships;
		this.messaging = messaging;
	}

	@KafkaListener(id = ID,
			topicPartitions = @TopicPartition(topic = Topics.PRESENCE, partitions = "#{@topicPartitions.all()}"),
			idIsGroup = false, properties = "auto.offset.reset=earliest")
	void onPresence(ConsumerRecord<String, byte[]> record) {
		PresenceChanged change = KafkaRecords.value(record, PresenceChanged.class);
		PresenceChanged kept = this.current.merge(change.userId(), change,
				(known, candidate) -> candidate.occurredAt().isBefore(known.occurredAt()) ? known : candidate);
		if (kept == change && change.occurredAt().isAfter(this.startedAt.minus(REPLAY_SLACK))) {
			for (UUID conversation : this.memberships.conversationsOf(change.userId())) {
				if (this.memberships.participants(conversation).contains(change.userId())) {
					deliver(conversation, change);
				}
			}
		}
	}

	/**
	 * Members who just took part: the conversation's subscribers get their current
	 * presence, which they could not see before.
	 */
	@EventListener
	void participantsAdded(Memberships.ParticipantsAdded added) {
		for (String user : added.userIds()) {
			PresenceChanged presence = this.current.get(user);
			if (presence != null) {
				deliver(added.conversationId(), presence);
			}
		}
	}

	/**
	 * Sends the current presence of every participant of {@code conversationId} to
	 * session {@code sessionId}'s subscription of its topic.
	 */
	public void snapshot(UUID conversationId, String sessionId) {
		for (String member : this.memberships.participants(conversationId)) {
			PresenceChanged presence = this.current.get(member);
			if (presence != null) {
				this.messaging.convertAndSend(ConversationEvents.topic(conversationId),
						PresenceUpdatedFrame.of(presence), SessionTargets.toSession(sessionId, EVENT_TYPE));
			}
		}
	}

	private void deliver(UUID conversationId, PresenceChanged change) {
		this.messaging.convertAndSend(ConversationEvents.topic(conversationId), PresenceUpdatedFrame.of(change),
				EVENT_TYPE_HEADERS);
	}

}
