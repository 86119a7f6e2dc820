package chat.connection.session;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import chat.connection.platform.EdgeNode;
import chat.connection.platform.EdgeProperties;
import chat.contracts.ChatRecord;
import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.client.SessionNotice;
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
 * The open STOMP sessions of this edge node, their subscriptions and their tokens' life,
 * and what the presence service learns of them: every session opened and closed, and a
 * heartbeat listing all live sessions every {@code chat.edge.heartbeat-interval} (a node
 * whose heartbeats stop is taken for dead).
 *
 * <p>
 * A session is told {@code token.expiring} on {@code /user/queue/session}
 * {@code chat.edge.token-expiry-warning} before its token expires; unless the client
 * refreshes the token in band, the session is closed with ERROR {@code TOKEN_EXPIRED} at
 * expiry. It holds at most {@code chat.edge.limits.max-subscriptions-per-session}
 * subscriptions, and a user at most {@code chat.edge.limits.max-sessions-per-user}
 * sessions on this node.
 *
 * <p>
 * Thread-safe: sessions open on inbound-channel threads, close on WebSocket threads, and
 * expire and heartbeat on this class's scheduler thread.
 */
@Component
class Sessions implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Sessions.class);

	/** One open session; {@code subscriptions} is a concurrent set. */
	private record Open(StompUser user, Set<String> subscriptions, ScheduledFuture<?> warning,
			ScheduledFuture<?> expiry) {

		Open rescheduled(ScheduledFuture<?> nextWarning, ScheduledFuture<?> nextExpiry) {
			cancelTimers();
			return new Open(this.user, this.subscriptions, nextWarning, nextExpiry);
		}

		void cancelTimers() {
			this.warning.cancel(false);
			this.expiry.cancel(false);
		}

	}

	/** The outcome of {@link #opened}. */
	enum Opening {

		OPENED, TOO_MANY_SESSIONS

	}

	private final Map<String, Open> open = new ConcurrentHashMap<>();

	/** Session ids by user: the reverse index of {@link #open}. */
	private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final StompReplies replies;

	private final KafkaTemplate<String, byte[]> kafka;

	private final EdgeNode node;

	private final EdgeProperties properties;

	private final LimitMetrics limits;

	private final String source;

	private final Clock clock;

	private volatile ScheduledFuture<?> heartbeats;

	Sessions(StompReplies replies, KafkaTemplate<String, byte[]> kafka, EdgeNode node, EdgeProperties properties,
			LimitMetrics limits, MeterRegistry meters, Clock clock,
			@Value("${spring.application.name}") String source) {
		this.clock = clock;
		this.replies = replies;
		this.kafka = kafka;
		this.node = node;
		this.properties = properties;
		this.limits = limits;
		this.source = source;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("sessions-");
		this.scheduler.initialize();
		Gauge.builder("chat.edge.sessions", this.open, Map::size)
			.description("Open STOMP sessions on this edge node")
			.register(meters);
	}

	/**
	 * Registers a session that passed CONNECT, unless its user already has
	 * {@code max-sessions-per-user} sessions on this node.
	 */
	Opening opened(String sessionId, StompUser user) {
		int maxPerUser = this.properties.limits().maxSessionsPerUser();
		boolean[] admitted = { false };
		this.byUser.compute(user.getName(), (name, ids) -> {
			Set<String> sessions = (ids != null) ? ids : ConcurrentHashMap.newKeySet();
			if (sessions.size() < maxPerUser || sessions.contains(sessionId)) {
				sessions.add(sessionId);
				admitted[0] = true;
			}
			return sessions.isEmpty() ? null : sessions;
		});
		if (!admitted[0]) {
			this.limits.refused(LimitMetrics.SESSIONS_PER_USER);
			return Opening.TOO_MANY_SESSIONS;
		}
		Open previous = this.open.put(sessionId,
				new Open(user, ConcurrentHashMap.newKeySet(), warning(sessionId, user), expiry(sessionId, user)));
		if (previous != null) {
			previous.cancelTimers();
		}
		publish(new SessionOpened(UUID.randomUUID(), now(), user.getName(), sessionId, this.node.id()));
		return Opening.OPENED;
	}

	/** The session now runs on {@code user}'s refreshed credentials. */
	void refreshed(String sessionId, StompUser user) {
		this.open.computeIfPresent(sessionId,
				(id, session) -> session.rescheduled(warning(sessionId, user), expiry(sessionId, user)));
	}

	boolean expired(StompUser user) {
		return !this.clock.instant().isBefore(user.expiresAt());
	}

	/**
	 * Counts a subscription; false (and nothing counted) when the session already holds
	 * {@code max-subscriptions-per-session}.
	 */
	boolean subscribed(String sessionId, String subscriptionId) {
		Open session = this.open.get(sessionId);
		if (session == null) {
			return false;
		}
		synchronized (session.subscriptions()) {
			if (session.subscriptions().size() >= this.properties.limits().maxSubscriptionsPerSession()
					&& !session.subscriptions().contains(subscriptionId)) {
				this.limits.refused(LimitMetrics.SUBSCRIPTIONS_PER_SESSION);
				return false;
			}
			session.subscriptions().add(subscriptionId);
			return true;
		}
	}

	void unsubscribed(String sessionId, String subscriptionId) {
		Open session = this.open.get(sessionId);
		if (session != null && subscriptionId != null) {
			session.subscriptions().remove(subscriptionId);
		}
	}

	/**
	 * Closes, with ERROR {@code REVOKED}, every session of {@code userId} whose token was
	 * issued before {@code revokedAt} (or carries no {@code iat}).
	 */
	void revoke(String userId, Instant revokedAt) {
		for (String sessionId : this.byUser.getOrDefault(userId, Set.of())) {
			Open session = this.open.get(sessionId);
			if (session != null && Revocations.issuedBefore(session.user().credentials().issuedAt(), revokedAt)) {
				this.replies.errorAndClose(sessionId, ErrorCode.REVOKED, "sessions revoked; sign in again");
			}
		}
	}

	/**
	 * The session now listens on {@code /user/queue/session}: if its token's warning was
	 * already due (a token that expires within {@code chat.edge.token-expiry-warning} of
	 * CONNECT), the warning went out before anyone listened, so it is sent again now.
	 */
	void noticesSubscribed(String sessionId) {
		Open session = this.open.get(sessionId);
		if (session != null && !this.clock.instant().isBefore(warningAt(session.user()))) {
			this.replies.notice(session.user().getName(), sessionId,
					SessionNotice.tokenExpiring(session.user().expiresAt()));
		}
	}

	/** Sends {@code notice} to every open session. */
	void noticeAll(SessionNotice notice) {
		this.open.forEach((sessionId, session) -> this.replies.notice(session.user().getName(), sessionId, notice));
	}

	@EventListener
	void closed(SessionDisconnectEvent event) {
		Open closed = this.open.remove(event.getSessionId());
		if (closed != null) {
			closed.cancelTimers();
			this.byUser.computeIfPresent(closed.user().getName(), (name, ids) -> {
				ids.remove(event.getSessionId());
				return ids.isEmpty() ? null : ids;
			});
			publish(new SessionClosed(UUID.randomUUID(), now(), closed.user().getName(), event.getSessionId(),
					this.node.id()));
		}
	}

	void heartbeat() {
		List<NodeHeartbeat.LiveSession> live = this.open.entrySet()
			.stream()
			.map(entry -> new NodeHeartbeat.LiveSession(entry.getValue().user().getName(), entry.getKey()))
			.toList();
		NodeHeartbeat.of(now(), this.node.id(), live).forEach(this::publish);
	}

	private ScheduledFuture<?> warning(String sessionId, StompUser user) {
		return this.scheduler.schedule(
				() -> this.replies.notice(user.getName(), sessionId, SessionNotice.tokenExpiring(user.expiresAt())),
				warningAt(user));
	}

	private Instant warningAt(StompUser user) {
		return user.expiresAt().minus(this.properties.tokenExpiryWarning());
	}

	private ScheduledFuture<?> expiry(String sessionId, StompUser user) {
		return this.scheduler.schedule(
				() -> this.replies.errorAndClose(sessionId, ErrorCode.TOKEN_EXPIRED, "token expired; reconnect"),
				user.expiresAt());
	}

	/**
	 * Best effort: the next heartbeat carries the same state, and the presence service
	 * reconciles from it.
	 */
	private void publish(ChatRecord event) {
		try {
			this.kafka.send(KafkaRecords.record(Topics.CONNECTIONS, this.source, event)).whenComplete((result, ex) -> {
				if (ex != null) {
					log.warn("Could not report {} to the presence service: {}", event.type(), ex.toString());
				}
			});
		}
		catch (RuntimeException ex) {
			log.warn("Could not report {} to the presence service: {}", event.type(), ex.toString());
		}
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
