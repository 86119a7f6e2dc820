package chat.connection.sending;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import chat.connection.platform.EdgeProperties;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * A token bucket per session: {@code chat.edge.send-burst} sends at once, refilled at
 * {@code chat.edge.send-rate-per-second}. A refused send gets {@code RATE_LIMITED}; nothing is lost because
 * the client retries with the same clientMessageId.
 */
@Component
class SendRateLimiter {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double ratePerNano;

	private final int burst;

	SendRateLimiter(EdgeProperties properties) {
		this.ratePerNano = properties.sendRatePerSecond() / 1e9;
		this.burst = properties.sendBurst();
	}

	boolean tryAcquire(String sessionId) {
		return this.buckets.computeIfAbsent(sessionId, id -> new Bucket(this.burst, System.nanoTime()))
			.tryAcquire(System.nanoTime());
	}

	@EventListener
	void closed(SessionDisconnectEvent event) {
		this.buckets.remove(event.getSessionId());
	}

	/** Frames of one session arrive one at a time (receive order is preserved), but stay safe anyway. */
	private final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		synchronized boolean tryAcquire(long now) {
			this.tokens = Math.min(SendRateLimiter.this.burst,
					this.tokens + (now - this.refilledAt) * SendRateLimiter.this.ratePerNano);
			this.refilledAt = now;
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

	}

}
