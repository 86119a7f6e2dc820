package chat.connection.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import chat.connection.platform.EdgeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * The WebSocket connections of this node, before and after STOMP CONNECT. A handshake is
 * refused with 503 once {@code chat.edge.limits.max-sessions} connections are open, so a
 * full node answers instead of running out of memory; a connection that has not sent
 * CONNECT within {@code chat.edge.limits.connect-timeout} is closed (checked every
 * second, whether or not other sockets connect).
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

	private final AtomicInteger open = new AtomicInteger();

	/** Connections that have not sent CONNECT yet. */
	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final EdgeProperties.Limits limits;

	private final LimitMetrics refusals;

	private final Clock clock;

	private volatile boolean running;

	Connections(EdgeProperties properties, LimitMetrics refusals, MeterRegistry meters, Clock clock) {
		this.limits = properties.limits();
		this.refusals = refusals;
		this.clock = clock;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("connections-");
		this.scheduler.initialize();
		Gauge.builder("chat.edge.connections", this.open, AtomicInteger::get)
			.description("Open WebSocket connections on this edge node, with or without a STOMP session")
			.register(meters);
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (this.open.get() >= this.limits.maxSessions()) {
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
				Connections.this.open.incrementAndGet();
				Connections.this.pending.put(socket.getId(), new Pending(socket, Connections.this.clock.instant()));
				super.afterConnectionEstablished(socket);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) throws Exception {
				Connections.this.open.decrementAndGet();
				Connections.this.pending.remove(socket.getId());
				super.afterConnectionClosed(socket, status);
			}

		};
	}

	/** The connection passed STOMP CONNECT. */
	void connected(String sessionId) {
		this.pending.remove(sessionId);
	}

	/** Closes connections that sent no CONNECT within the connect timeout. */
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

	@Override
	public void start() {
		this.scheduler.scheduleWithFixedDelay(this::closeSilent, java.time.Duration.ofSeconds(1));
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
