package chat.connection.platform;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code chat.edge}. Browser origins allowed to connect are
 * {@code chat.security.allowed-origins} (service-platform), shared with the REST
 * services' CORS.
 *
 * @param nodeId this edge instance's id (default: random per start); the presence service
 * tracks sessions per node
 * @param messageServiceUrl base URL of the message service, asked on a membership cache
 * miss
 * @param sendRatePerSecond sustained message sends per user per second on this node, over
 * all the user's sessions (default 10)
 * @param sendBurst sends a user may make at once before the rate applies (default 10)
 * @param heartbeatInterval how often this node reports its live sessions to the presence
 * service (default 5 s)
 * @param typingRatePerSecond typing frames (on and off) per user per second passed on
 * (default 4); the rest are dropped
 * @param receiptRatePerSecond delivered and read frames per user per second (default 10,
 * burst twice that); the rest get {@code RATE_LIMITED}
 * @param tokenExpiryWarning how long before a session's token expires the session is told
 * so on {@code /user/queue/session} (default 60 s)
 * @param unknownConversationTtl how long an unknown conversation id is remembered as
 * unknown, so repeated look-ups of random ids do not reach the message service (default
 * 30 s)
 * @param drainTimeout on shutdown, how long to wait for the acks of sends in flight after
 * telling sessions {@code server.draining}, before closing them (default 5 s)
 * @param limits per-session, per-user and per-node limits
 * @param shedding when this node refuses sends with {@code OVERLOADED}
 */
@ConfigurationProperties("chat.edge")
public record EdgeProperties(String nodeId, URI messageServiceUrl, @DefaultValue("10") int sendRatePerSecond,
		@DefaultValue("10") int sendBurst, @DefaultValue("5s") Duration heartbeatInterval,
		@DefaultValue("4") int typingRatePerSecond, @DefaultValue("10") int receiptRatePerSecond,
		@DefaultValue("60s") Duration tokenExpiryWarning, @DefaultValue("30s") Duration unknownConversationTtl,
		@DefaultValue("5s") Duration drainTimeout, @DefaultValue Limits limits, @DefaultValue Shedding shedding) {

	/**
	 * {@code chat.edge.shedding}: sends are refused with {@code OVERLOADED} and
	 * {@code retryAfterMs} while every ack for {@code interval} took longer than
	 * {@code ackLatencyTarget} ({@link LoadShedder}).
	 *
	 * @param ackLatencyTarget send→ack latency above which a send waited in a queue
	 * (default 150 ms)
	 * @param interval how long acks must stay slow before sends are refused, and how long
	 * the refusal lasts after the last slow ack (default 250 ms)
	 */
	public record Shedding(@DefaultValue("150ms") Duration ackLatencyTarget, @DefaultValue("250ms") Duration interval) {

	}

	/**
	 * {@code chat.edge.limits}: each refused cleanly, counted in
	 * {@code chat.edge.limits.refused{limit}}.
	 *
	 * @param maxFrameSize largest STOMP frame and WebSocket text message (default 64 KB)
	 * @param maxSubscriptionsPerSession SUBSCRIBEs a session may hold (default 100)
	 * @param maxSessionsPerUser STOMP sessions of one user on this node (default 10)
	 * @param maxSessions WebSocket connections this node accepts (default 10,000); size
	 * it to the heap and the process's open-file limit
	 * @param connectTimeout time from the WebSocket handshake to the STOMP CONNECT frame
	 * (default 10 s)
	 * @param sendTimeLimit how long one send to a slow client may take (default 10 s)
	 * @param sendBufferSizeLimit how much may be buffered for a slow client (default 512
	 * KB); beyond either the session is closed
	 */
	public record Limits(@DefaultValue("64KB") DataSize maxFrameSize,
			@DefaultValue("100") int maxSubscriptionsPerSession, @DefaultValue("10") int maxSessionsPerUser,
			@DefaultValue("10000") int maxSessions, @DefaultValue("10s") Duration connectTimeout,
			@DefaultValue("10s") Duration sendTimeLimit, @DefaultValue("512KB") DataSize sendBufferSizeLimit) {

		public Limits {
			if (maxSubscriptionsPerSession < 1 || maxSessionsPerUser < 1 || maxSessions < 1) {
				throw new IllegalArgumentException("chat.edge.limits.max-* must be >= 1");
			}
			if (maxFrameSize.toBytes() < 1024 || connectTimeout.isNegative() || connectTimeout.isZero()) {
				throw new IllegalArgumentException(
						"chat.edge.limits.max-frame-size must be >= 1KB and connect-timeout positive");
			}
		}

	}

	public EdgeProperties {
		if (nodeId == null || nodeId.isBlank()) {
			nodeId = UUID.randomUUID().toString();
		}
		if (messageServiceUrl == null) {
			throw new IllegalArgumentException("chat.edge.message-service-url is required");
		}
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || typingRatePerSecond < 1
				|| receiptRatePerSecond < 1) {
			throw new IllegalArgumentException(
					"chat.edge.heartbeat-interval, typing- and receipt-rate-per-second must be positive");
		}
		if (sendRatePerSecond < 1 || sendBurst < 1) {
			throw new IllegalArgumentException("chat.edge.send-rate-per-second and send-burst must be >= 1");
		}
	}

}
