package chat.presence.online;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.presence.ConnectionEvent;
import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.PresenceChanged;
import chat.contracts.presence.SessionClosed;
import chat.contracts.presence.SessionOpened;
import chat.presence.typing.Typing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the {@link PresenceTracker}: applies connection events, and in the same step
 * stores and publishes the transitions they cause ({@code last_seen} upsert and
 * {@code PresenceChanged} in one database transaction that commits only after Kafka
 * acknowledged the events). A step that fails changes nothing the tracker considers
 * published, so the next step (a redelivery or the next sweep) decides the same
 * transitions again.
 *
 * <p>
 * Thread-safety: called by the connections listener thread and the sweep thread; every
 * method that touches the tracker holds this object's monitor for the whole step,
 * publishing included, so transitions of one user are published in the order they were
 * decided. Metrics read a snapshot refreshed after each step.
 */
@Service
class Presence {

	private static final Logger log = LoggerFactory.getLogger(Presence.class);

	private final PresenceTracker tracker;

	private final HeartbeatParts heartbeatParts = new HeartbeatParts();

	private final LastSeen lastSeen;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Typing typing;

	private final Clock clock;

	private final String source;

	private final Duration publishTimeout;

	private final Duration warmUp;

	private final Counter wentOnline;

	private final Counter wentOffline;

	private final MultiGauge heartbeatAge;

	/**
	 * Rows of {@link #heartbeatAge}, held here so that their value functions stay
	 * reachable.
	 */
	private List<MultiGauge.Row<?>> heartbeatRows = List.of();

	private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();

	private volatile int sessions;

	private volatile int online;

	/** Set once the warm-up has started, for probes that must not wait for a step. */
	private volatile Instant warmUpEndsAt;

	/**
	 * When the connections listener first got partitions; the warm-up starts then.
	 * Guarded by this.
	 */
	private Instant assignedAt;

	/** Whether the stored state is loaded and the warm-up started. Guarded by this. */
	private boolean started;

	Presence(OnlineProperties properties, LastSeen lastSeen, TransactionTemplate transactions,
			KafkaTemplate<String, byte[]> kafka, Typing typing, Clock clock, MeterRegistry meters,
			@Value("${spring.application.name}") String source,
			@Value("${chat.presence.publish-timeout:10s}") Duration publishTimeout) {
		this.tracker = new PresenceTracker(properties.grace(), properties.lease(), properties.warmUp());
		this.warmUp = properties.warmUp();
		this.lastSeen = lastSeen;
		this.transactions = transactions;
		this.kafka = kafka;
		this.typing = typing;
		this.clock = clock;
		this.source = source;
		this.publishTimeout = publishTimeout;
		this.wentOnline = transitions(meters, true);
		this.wentOffline = transitions(meters, false);
		Gauge.builder("chat.presence.users.online", this, presence -> presence.online)
			.description("Users shown online (as last published)")
			.register(meters);
		Gauge.builder("chat.presence.sessions", this, presence -> presence.sessions)
			.description("Live sessions known, over all edge nodes")
			.register(meters);
		this.heartbeatAge = MultiGauge.builder("chat.presence.node.heartbeat.age")
			.description("Seconds since the newest heartbeat of each live edge node")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * Applies the events in order, then stores and publishes what changed; returns once
	 * Kafka has it.
	 */
	synchronized void apply(List<ConnectionEvent> events) {
		Instant now = now();
		for (ConnectionEvent event : events) {
			if (event instanceof SessionOpened opened) {
				this.tracker.sessionOpened(opened.userId(), opened.sessionId(), opened.nodeId(),
						millis(opened.occurredAt()), now);
			}
			else if (event instanceof SessionClosed closed) {
				this.tracker.sessionClosed(closed.userId(), closed.sessionId(), closed.nodeId(),
						millis(closed.occurredAt()), now);
			}
			else if (event instanceof NodeHeartbeat part) {
				Map<String, String> userBySession = this.heartbeatParts.add(part);
				if (userBySession != null) {
					this.tracker.heartbeat(part.nodeId(), userBySession, millis(part.occurredAt()), now);
				}
			}
		}
		step(now);
	}

	/** Grace and lease deadlines, and the start and end of the warm-up. */
	synchronized void sweep() {
		Instant now = now();
		if (!this.started && this.assignedAt != null) {
			Map<String, Instant> stored = this.lastSeen.online();
			this.tracker.startWarmUp(this.assignedAt, stored);
			this.started = true;
			this.warmUpEndsAt = this.assignedAt.plus(this.warmUp);
			log.info("Presence warm-up started at {} with {} users stored online", this.assignedAt, stored.size());
		}
		step(now);
	}

	/** The connections listener has partitions: heartbeats flow from now on. */
	synchronized void partitionsAssigned() {
		if (this.assignedAt == null) {
			this.assignedAt = now();
		}
	}

	/**
	 * Whether the warm-up is over (publishing has begun); never waits for a step in
	 * progress.
	 */
	boolean warmedUp() {
		Instant endsAt = this.warmUpEndsAt;
		return endsAt != null && !now().isBefore(endsAt);
	}

	private void step(Instant now) {
		List<PresenceTracker.Transition> transitions = this.tracker.transitions(now);
		for (PresenceTracker.Disconnect disconnect : this.tracker.takeDisconnects()) {
			this.typing.lastSessionClosed(disconnect.userId(), disconnect.at());
		}
		if (!transitions.isEmpty()) {
			publish(transitions, now);
		}
		this.tracker.published(transitions);
		for (PresenceTracker.Transition transition : transitions) {
			(transition.online() ? this.wentOnline : this.wentOffline).increment();
		}
		refreshMetrics();
	}

	private void publish(List<PresenceTracker.Transition> transitions, Instant now) {
		this.transactions.executeWithoutResult(status -> {
			this.lastSeen.save(transitions);
			List<CompletableFuture<?>> sends = new ArrayList<>(transitions.size());
			for (PresenceTracker.Transition transition : transitions) {
				PresenceChanged changed = new PresenceChanged(UUID.randomUUID(), now, transition.userId(),
						transition.online(), transition.lastSeenAt());
				sends.add(this.kafka.send(KafkaRecords.record(Topics.PRESENCE, this.source, changed)));
			}
			try {
				CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
					.get(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while publishing presence", ex);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Presence changes not acknowledged by Kafka; they will be retried", ex);
			}
		});
	}

	private void refreshMetrics() {
		this.sessions = this.tracker.sessionCount();
		this.online = this.tracker.shownOnlineCount();
		Map<String, Instant> current = this.tracker.heartbeats();
		Set<String> before = Set.copyOf(this.heartbeats.keySet());
		this.heartbeats.putAll(current);
		this.heartbeats.keySet().retainAll(current.keySet());
		if (!before.equals(current.keySet())) {
			List<MultiGauge.Row<?>> rows = new ArrayList<>();
			for (String nodeId : current.keySet()) {
				rows.add(MultiGauge.Row.of(Tags.of("node", nodeId), () -> heartbeatAgeSeconds(nodeId)));
			}
			this.heartbeatRows = rows;
			this.heartbeatAge.register(rows, true);
		}
	}

	private double heartbeatAgeSeconds(String nodeId) {
		Instant last = this.heartbeats.get(nodeId);
		return (last != null) ? Duration.between(last, this.clock.instant()).toMillis() / 1000.0 : Double.NaN;
	}

	private Instant now() {
		return millis(this.clock.instant());
	}

	/**
	 * Every instant at millisecond precision: what is published equals what is stored and
	 * read back.
	 */
	private static Instant millis(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MILLIS);
	}

	private static Counter transitions(MeterRegistry meters, boolean online) {
		return Counter.builder("chat.presence.transitions")
			.description("Presence changes published, by the state entered")
			.tag("online", Boolean.toString(online))
			.register(meters);
	}

}
