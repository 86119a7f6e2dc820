package chat.connection.session;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import chat.connection.platform.EdgeNode;
import chat.connection.platform.EdgeProperties;
import chat.contracts.ChatRecord;
import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.SessionClosed;
import chat.contracts.presence.SessionOpened;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The open STOMP sessions of this edge node, and what the presence service learns of
 * them: every session opened and closed, and a heartbeat listing all live sessions every
 * {@code chat.edge.heartbeat-interval} (a node whose heartbeats stop is taken for dead).
 * Each session is closed with ERROR {@code TOKEN_EXPIRED} when its token expires; the
 * client reconnects with a fresh token.
 *
 * <p>
 * Thread-safe: sessions open on inbound-channel threads, close on WebSocket threads, and
 * expire and heartbeat on this class's scheduler thread.
 */
@Component
class Sessions implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Sessions.class);

	private record Open(StompUser user, ScheduledFuture<?> expiry) {
	}

	private final Map<String, Open> open = new ConcurrentHashMap<>();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final StompReplies replies;

	private final KafkaTemplate<String, byte[]> kafka;

	private final EdgeNode node;

	private final EdgeProperties properties;

	private final String source;

	private final Clock clock;

	private volatile ScheduledFuture<?> heartbeats;

	Sessions(StompReplies replies, KafkaTemplate<String, byte[]> kafka, EdgeNode node, EdgeProperties properties,
			MeterRegistry meters, Clock clock, @Value("${spring.application.name}") String source) {
		this.clock = clock;
		this.replies = replies;
		this.kafka = kafka;
		this.node = node;
		this.properties = properties;
		this.source = source;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("sessions-");
		this.scheduler.initialize();
		Gauge.builder("chat.edge.sessions", this.open, Map::size)
			.description("Open STOMP sessions on this edge node")
			.register(meters);
	}

	void opened(String sessionId, StompUser user) {
		ScheduledFuture<?> expiry = this.scheduler.schedule(
				() -> this.replies.errorAndClose(sessionId, ErrorCode.TOKEN_EXPIRED, "token expired; reconnect"),
				user.expiresAt());
		Open previous = this.open.put(sessionId, new Open(user, expiry));
		if (previous != null) {
			previous.expiry().cancel(false);
		}
		publish(new SessionOpened(UUID.randomUUID(), now(), user.getName(), sessionId, this.node.id()));
	}

	boolean expired(StompUser user) {
		return !this.clock.instant().isBefore(user.expiresAt());
	}

	@EventListener
	void closed(SessionDisconnectEvent event) {
		Open closed = this.open.remove(event.getSessionId());
		if (closed != null) {
			closed.expiry().cancel(false);
			publish(new SessionClosed(UUID.randomUUID(), now(), closed.user().getName(), event.getSessionId(),
					this.node.id()));
		}
	}

	void heartbeat() {
		List<NodeHeartbeat.LiveSession> live = this.open.entrySet()
			.stream()
			.map(entry -> new NodeHeartbeat.LiveSession(entry.getValue().user().getName(), entry.getKey()))
			.toList();
		publish(new NodeHeartbeat(UUID.randomUUID(), now(), this.node.id(), live));
	}

	private void publish(ChatRecord event) {
		this.kafka.send(KafkaRecords.record(Topics.CONNECTIONS, this.source, event)).whenComplete((result, ex) -> {
			if (ex != null) {
				// The next heartbeat carries the same state; the presence service
				// reconciles from it.
				log.warn("Could not report {} to the presence service", event.type(), ex);
			}
		});
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	@Override
	public void start() {
		this.heartbeats = this.scheduler.scheduleAtFixedRate(this::heartbeat, this.properties.heartbeatInterval());
	}

	@Override
	public void stop() {
		if (this.heartbeats != null) {
			this.heartbeats.cancel(false);
		}
		this.scheduler.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.heartbeats != null && !this.heartbeats.isCancelled();
	}

}
