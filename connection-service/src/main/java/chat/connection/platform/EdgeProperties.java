package chat.connection.platform;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.edge}.
 *
 * @param nodeId this edge instance's id (default: random per start); names its fan-out
 * consumer groups
 * @param messageServiceUrl base URL of the message service, asked on a membership cache
 * miss
 * @param allowedOrigins WebSocket origins allowed to connect (default {@code *}; list
 * real origins in production)
 * @param sendRatePerSecond sustained message sends per session per second (default 20)
 * @param sendBurst sends a session may make at once before the rate applies (default 50)
 * @param heartbeatInterval how often this node reports its live sessions to the presence
 * service (default 5 s)
 * @param typingRatePerSecond typing frames per user per second passed on (default 4); the
 * rest are dropped
 */
@ConfigurationProperties("chat.edge")
public record EdgeProperties(String nodeId, URI messageServiceUrl, @DefaultValue("*") List<String> allowedOrigins,
		@DefaultValue("20") int sendRatePerSecond, @DefaultValue("50") int sendBurst,
		@DefaultValue("5s") Duration heartbeatInterval, @DefaultValue("4") int typingRatePerSecond) {

	public EdgeProperties {
		if (nodeId == null || nodeId.isBlank()) {
			nodeId = UUID.randomUUID().toString();
		}
		if (messageServiceUrl == null) {
			throw new IllegalArgumentException("chat.edge.message-service-url is required");
		}
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || typingRatePerSecond < 1) {
			throw new IllegalArgumentException(
					"chat.edge.heartbeat-interval and typing-rate-per-second must be positive");
		}
		if (sendRatePerSecond < 1 || sendBurst < 1) {
			throw new IllegalArgumentException("chat.edge.send-rate-per-second and send-burst must be >= 1");
		}
	}

}
