package chat.connection.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import chat.connection.platform.EdgeProperties;
import chat.connection.platform.LoadShedder;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageAck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends acks to {@code /user/queue/acks} of every session of the sender, and measures
 * send→ack latency for sends that this node received
 * ({@code chat.edge.send.ack.latency}); that latency tells the {@link LoadShedder}
 * whether sends queue behind this node.
 */
@Component
public class Acks {

	/**
	 * Sends never acked (the client gave up, another node acked them) are forgotten after
	 * this long.
	 */
	static final Duration FORGET_AFTER = Duration.ofMinutes(2);

	/**
	 * The inbound SEND's header with the {@link Instant} the edge received it, before it
	 * waited for a worker thread.
	 */
	public static final String RECEIVED_AT_HEADER = "chatReceivedAt";

	private final SimpMessagingTemplate messaging;

	private final SimpUserRegistry users;

	private final Map<Key, Instant> awaiting = new ConcurrentHashMap<>();

	private final Clock clock;

	private final LoadShedder shedder;

	private final Timer latency;

	private final Map<MessageAck.Status, Counter> acks = new EnumMap<>(MessageAck.Status.class);

	private record Key(String userId, UUID clientMessageId) {
	}

	Acks(SimpMessagingTemplate messaging, SimpUserRegistry users, MeterRegistry meters, EdgeProperties properties,
			Clock clock) {
		this.messaging = messaging;
		this.users = users;
		this.clock = clock;
		this.shedder = new LoadShedder(properties.shedding().ackLatencyTarget(), properties.shedding().interval(),
				clock, new SplittableRandom());
		this.latency = Timer.builder("chat.edge.send.ack.latency")
			.description("From a SEND arriving at this edge node to its ack leaving it")
			.register(meters);
		for (MessageAck.Status status : MessageAck.Status.values()) {
			this.acks.put(status, meters.counter("chat.edge.acks", "status", status.name()));
		}
	}

	/**
	 * Notes that a send received at {@code receivedAt} (now, when unknown) was published
	 * and its ack is awaited.
	 */
	public void awaiting(String userId, UUID clientMessageId, Instant receivedAt) {
		this.awaiting.putIfAbsent(new Key(userId, clientMessageId),
				(receivedAt != null) ? receivedAt : this.clock.instant());
	}

	public void send(String userId, MessageAck ack) {
		SimpUser user = this.users.getUser(userId);
		if (user != null) {
			// One message per session: with publish order preserved, a user destination
			// resolved to
			// several sessions reaches only the first one (the shared message's headers
			// are immutable
			// by the second).
			for (SimpSession session : user.getSessions()) {
				SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
				headers.setSessionId(session.getId());
				headers.setLeaveMutable(true);
				this.messaging.convertAndSendToUser(userId, ConversationEvents.ACKS, ack, headers.getMessageHeaders());
			}
		}
		this.acks.get(ack.status()).increment();
		if (ack.clientMessageId() != null && ack.clientMessageId().length() == 36) {
			Instant started = this.awaiting.remove(new Key(userId, UUID.fromString(ack.clientMessageId())));
			if (started != null) {
				Duration latency = Duration.between(started, this.clock.instant());
				this.latency.record(latency);
				this.shedder.acked(latency);
			}
		}
	}

	/** Sends published from this node whose ack has not been sent yet. */
	public int inFlight() {
		return this.awaiting.size();
	}

	/**
	 * @return 0 when a send may be published; otherwise the {@code retryAfterMs} of an
	 * {@code OVERLOADED} answer
	 */
	public long overloadedRetryAfterMs() {
		return this.shedder.retryAfterMs();
	}

	@Scheduled(fixedDelay = 30_000)
	void forgetStale() {
		Instant cutoff = this.clock.instant().minus(FORGET_AFTER);
		this.awaiting.values().removeIf(started -> started.isBefore(cutoff));
	}

}
