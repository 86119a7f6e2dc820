package chat.presence.online;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.presence.online}: when users go online and offline.
 *
 * @param grace how long a user stays online after their last session closed (default 5
 * s), so a reconnect or page reload shows no flicker
 * @param lease how long after its last heartbeat a silent edge node's sessions are
 * dropped (default 15 s); must be longer than the heartbeat interval
 * @param heartbeatInterval how often edge nodes send heartbeats (default 5 s; the edge's
 * {@code chat.edge.heartbeat-interval})
 * @param warmUp after a start, how long to learn from heartbeats before publishing
 * anything (default: heartbeat interval + 1 s); at least the heartbeat interval, or a
 * restart would publish false offlines
 * @param sweepInterval how often grace and lease deadlines are checked (default 200 ms);
 * bounds how late an offline is published
 */
@ConfigurationProperties("chat.presence.online")
public record OnlineProperties(@DefaultValue("5s") Duration grace, @DefaultValue("15s") Duration lease,
		@DefaultValue("5s") Duration heartbeatInterval, Duration warmUp,
		@DefaultValue("200ms") Duration sweepInterval) {

	public OnlineProperties {
		if (warmUp == null) {
			warmUp = heartbeatInterval.plusSeconds(1);
		}
		if (!positive(grace) || !positive(lease) || !positive(heartbeatInterval) || !positive(sweepInterval)) {
			throw new IllegalArgumentException(
					"chat.presence.online: grace, lease, heartbeat-interval and sweep-interval must be positive");
		}
		if (lease.compareTo(heartbeatInterval) <= 0) {
			throw new IllegalArgumentException("chat.presence.online.lease (" + lease
					+ ") must be longer than heartbeat-interval (" + heartbeatInterval + ")");
		}
		if (warmUp.compareTo(heartbeatInterval) < 0) {
			throw new IllegalArgumentException("chat.presence.online.warm-up (" + warmUp
					+ ") must be at least heartbeat-interval (" + heartbeatInterval + ")");
		}
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
