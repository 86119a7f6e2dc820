package chat.platform.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.kafka.consumer}: group membership settings every listener container gets,
 * so that a restarted or replacement instance takes over its partitions within seconds
 * (ADR 11).
 *
 * @param instanceId this instance's stable name, the stem of every consumer's
 * {@code group.instance.id} ({@code <instance-id>-<listener id>-<n>}); default the
 * environment variable {@code CHAT_INSTANCE_ID}, else {@code HOSTNAME} (a Kubernetes
 * pod's name), else the host name. Two live instances must never share it: the broker
 * fences the older one
 * @param staticMembership whether consumers join with a {@code group.instance.id}
 * (default true): a restarted instance with the same id gets its partitions back at once,
 * without waiting for its old session to time out and without a rebalance
 * @param sessionTimeout how long the broker waits for a silent member before it gives its
 * partitions to others (default 10 s; Kafka's default is 45 s): the bound on the takeover
 * by a replacement with another id. The broker's {@code group.min.session.timeout.ms}
 * (default 6 s) is the floor
 */
@ConfigurationProperties("chat.kafka.consumer")
public record ConsumerProperties(String instanceId, @DefaultValue("true") boolean staticMembership,
		@DefaultValue("10s") Duration sessionTimeout) {

	public ConsumerProperties {
		if (sessionTimeout.toMillis() < 1000) {
			throw new IllegalArgumentException("chat.kafka.consumer.session-timeout must be at least 1s");
		}
		if (instanceId != null && instanceId.isBlank()) {
			instanceId = null;
		}
	}

}
