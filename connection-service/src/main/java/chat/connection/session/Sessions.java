package chat.connection.session;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import chat.contracts.ErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The open STOMP sessions of this edge node. Each session is closed with ERROR {@code TOKEN_EXPIRED} when
 * its token expires; the client reconnects with a fresh token.
 *
 * <p>
 * Thread-safe: sessions open on inbound-channel threads, close on the WebSocket thread, and expire on this
 * class's scheduler thread.
 */
@Component
class Sessions {

	private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();

	private final TaskScheduler scheduler;

	private final StompReplies replies;

	private final Clock clock = Clock.systemUTC();

	Sessions(StompReplies replies, MeterRegistry meters) {
		this.replies = replies;
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("token-expiry-");
		scheduler.initialize();
		this.scheduler = scheduler;
		Gauge.builder("chat.edge.sessions", this.expiries, Map::size)
			.description("Open STOMP sessions on this edge node")
			.register(meters);
	}

	void opened(String sessionId, StompUser user) {
		ScheduledFuture<?> expiry = this.scheduler.schedule(
				() -> this.replies.errorAndClose(sessionId, ErrorCode.TOKEN_EXPIRED, "token expired; reconnect"),
				user.expiresAt());
		ScheduledFuture<?> previous = this.expiries.put(sessionId, expiry);
		if (previous != null) {
			previous.cancel(false);
		}
	}

	boolean expired(StompUser user) {
		return !this.clock.instant().isBefore(user.expiresAt());
	}

	@EventListener
	void closed(SessionDisconnectEvent event) {
		ScheduledFuture<?> expiry = this.expiries.remove(event.getSessionId());
		if (expiry != null) {
			expiry.cancel(false);
		}
	}

}
