package chat.connection.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import chat.connection.delivery.Acks;
import chat.connection.platform.EdgeProperties;
import chat.contracts.client.SessionNotice;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The WebSocket connections of this node, before and after STOMP CONNECT. A handshake is
 * refused with 503 once {@code chat.edge.limits.max-sessions} connections are open, so a
 * full node answers instead of running out of memory; a connection that has sent no frame
 * (heart-beats do not count) within {@code chat.edge.limits.connect-timeout} is closed
 * (checked every second, whether or not other sockets connect). Its first frame must be
 * CONNECT: the inbound guard closes the socket otherwise.
 *
 * <p>
 * <b>Drain.</b> When the application shuts down (SIGTERM), before anything else stops:
 * new handshakes get 503, every session is told {@code server.draining} on
 * {@code /user/queue/session}, the acks of sends in flight get up to
 * {@code chat.edge.drain-timeout} to go out, then every connection is closed with 1012
 * (service restart) so clients reconnect elsewhere at once. A client's unacked send is
 * safe: it retries with the same clientMessageId on another node.
 *
 * <p>
 * Thread-safe: handshakes and closes run on container threads, the sweep on this class's
 * scheduler thread.
 */
@Component
class Connections implements HandshakeInterceptor, WebSocketHandlerDecoratorFactory, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Connections.class);

	static final CloseStatus CONNECT_TIMEOUT = new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(),
			"no STOMP CONNECT in time");

	private record Pending(WebSocketSession socket, Instant openedAt) {
	}

	static final CloseStatus DRAINED = new CloseStatus(CloseStatus.SERVICE_RESTARTED.getCode(),
			"server restarting; reconnect");

	private static final Duration NOTICE_GRACE = Duration.ofSeconds(1);

	/** Every open connection, by WebSocket session id. */
	private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();

	/** Connections that have not sent a frame yet. */
	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	/**
	 * Length so far (chars of text, bytes of binary) of the WebSocket message each
	 * session is sending in parts; an entry lives only while a message is incomplete.
	 */
	private final Map<String, Integer> partial = new ConcurrentHashMap<>();

	/** A closed socket for a WebSocket message above {@code max-frame-size}. */
	static final CloseStatus TOO_BIG = new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(),
			"frame above the size limit");

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final EdgeProperties.Limits limits;

	private final LimitMetrics refusals;

	private final Clock clock;

	private final Sessions sessions;

	/** Lazy: acks send through the broker, whose configuration needs this class. */
	private final ObjectProvider<Acks> acks;

	private final Duration drainTimeout;

	private volatile boolean running;

	private volatile boolean draining;

	Connections(EdgeProperties properties, LimitMetrics refusals, Sessions sessions, ObjectProvider<Acks> acks,
			MeterRegistry meters, Clock clock) {
		this.limits = properties.limits();
		this.drainTimeout = properties.drainTimeout();
		this.refusals = refusals;
		this.sessions = sessions;
		this.acks = acks;
		this.clock = clock;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("connections-");
		this.scheduler.initialize();
		Gauge.builder("chat.edge.connections", this.open, Map::size)
			.description("Open WebSocket connections on this edge node, with or without a STOMP session")
			.register(meters);
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (this.draining) {
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			return false;
		}
		if (this.open.size() >= this.limits.maxSessions()) {
			this.refusals.refused(LimitMetrics.SESSIONS_PER_NODE);
			response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			response.getHeaders().set("Retry-After", "5");
			return false;
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionEstablished(WebSocketSession socket) throws Exception {
				Connections.this.open.put(socket.getId(), socket);
				Connections.this.pending.put(socket.getId(), new Pending(socket, Connections.this.clock.instant()));
				super.afterConnectionEstablished(socket);
				// Spring's STOMP handler has just raised the container's text buffer of
				// this session to 16 KiB of chars (33 KB of heap, allocated at the first
				// frame); parts of a larger message are handed on anyway.
				socket.setTextMessageSizeLimit(StompConfig.CONTAINER_BUFFER);
			}

			@Override
			public void handleMessage(WebSocketSession socket, WebSocketMessage<?> message) throws Exception {
				// The first frame other than a heart-beat stops the clock; the guard
				// closes
				// the socket unless it is a valid CONNECT.
				if (!(message instanceof TextMessage text) || !text.getPayload().isBlank()) {
					Connections.this.pending.remove(socket.getId());
				}
				if (tooBig(socket.getId(), message)) {
					Connections.this.refusals.refused(LimitMetrics.FRAME_SIZE);
					socket.close(TOO_BIG);
					return;
				}
				super.handleMessage(socket, message);
			}

			/**
			 * Parts of a large WebSocket message are handed on as they arrive: the STOMP
			 * decoder of each session puts a frame together and enforces
			 * {@code max-frame-size}, so the container's per-session message buffers stay
			 * small ({@link StompConfig#webSocketContainer()}).
			 */
			@Override
			public boolean supportsPartialMessages() {
				return true;
			}

			@Override
			public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) throws Exception {
				Connections.this.open.remove(socket.getId());
				Connections.this.pending.remove(socket.getId());
				Connections.this.partial.remove(socket.getId());
				super.afterConnectionClosed(socket, status);
			}

		};
	}

	/**
	 * Whether this part makes the session's current WebSocket message longer than
	 * {@code max-frame-size} (the container hands large messages on in parts).
	 */
	private boolean tooBig(String sessionId, WebSocketMessage<?> message) {
		int length = message.getPayloadLength();
		int sofar = this.partial.getOrDefault(sessionId, 0);
		if (message.isLast()) {
			this.partial.remove(sessionId);
		}
		else {
			this.partial.put(sessionId, sofar + length);
		}
		return sofar + length > this.limits.maxFrameSize().toBytes();
	}

	/** The open WebSocket connections (for tests). */
	java.util.Collection<WebSocketSession> sockets() {
		return java.util.List.copyOf(this.open.values());
	}

	/** Closes connections that sent no frame within the connect timeout. */
	void closeSilent() {
		Instant deadline = this.clock.instant().minus(this.limits.connectTimeout());
		this.pending.values().removeIf(connection -> {
			if (connection.openedAt().isAfter(deadline)) {
				return false;
			}
			this.refusals.refused(LimitMetrics.CONNECT_TIMEOUT);
			try {
				connection.socket().close(CONNECT_TIMEOUT);
			}
			catch (IOException ex) {
				log.debug("Closing silent connection {} failed: {}", connection.socket().getId(), ex.toString());
			}
			return true;
		});
	}

	/**
	 * Runs on {@code ContextClosedEvent}, before the WebSocket handler and broker stop.
	 */
	@EventListener(ContextClosedEvent.class)
	void drain() {
		this.draining = true;
		log.info("Draining {} connections", this.open.size());
		this.sessions.noticeAll(SessionNotice.serverDraining());
		Instant started = this.clock.instant();
		Instant deadline = started.plus(this.drainTimeout);
		// The notices go out through the broker's outbound threads: give them a moment,
		// and the acks of sends in flight up to the drain timeout.
		Instant noticesOut = started.plus(NOTICE_GRACE);
		while ((this.acks.getObject().inFlight() > 0 || this.clock.instant().isBefore(noticesOut))
				&& this.clock.instant().isBefore(deadline)) {
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
		for (WebSocketSession socket : this.open.values()) {
			try {
				socket.close(DRAINED);
			}
			catch (IOException ex) {
				log.debug("Closing connection {} on drain failed: {}", socket.getId(), ex.toString());
			}
		}
	}

	@Override
	public void start() {
		this.scheduler.scheduleWithFixedDelay(this::closeSilent, Duration.ofSeconds(1));
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.scheduler.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
