package chat.platform.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Gives every listener container that Boot's factory builds the group settings of
 * {@link ConsumerProperties}: a {@code group.instance.id} of
 * {@code <instance id>-<listener id>} (the container adds {@code -<n>} per consumer
 * thread), so each consumer of an instance is a static member with a name that survives a
 * restart, and a session timeout of seconds rather than Kafka's 45 s. A container whose
 * own consumer properties already name these settings keeps them; one without a group
 * (manually assigned partitions) gets nothing.
 */
public final class GroupMembership
		implements ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> {

	private final ConsumerProperties properties;

	private final String instanceId;

	public GroupMembership(ConsumerProperties properties, Environment environment) {
		this.properties = properties;
		this.instanceId = resolveInstanceId(properties, environment);
	}

	/** This instance's stable name: the stem of its consumers' group instance ids. */
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public void configure(ConcurrentMessageListenerContainer<Object, Object> container) {
		if (container.getGroupId() == null) {
			// manual assignment without a group (the edge's fan-out): no membership
			return;
		}
		Properties consumer = container.getContainerProperties().getKafkaConsumerProperties();
		long session = this.properties.sessionTimeout().toMillis();
		consumer.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
		// Kafka wants heartbeats well inside the session: a third of it.
		consumer.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(session / 3, 100)));
		if (this.properties.staticMembership()) {
			consumer.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
					legal(this.instanceId + "-" + container.getListenerId()));
		}
	}

	/**
	 * Kafka allows only ASCII letters, digits, '.', '_' and '-' in a group instance id;
	 * generated listener ids contain '#'.
	 */
	static String legal(String id) {
		return id.replaceAll("[^A-Za-z0-9._-]", "_");
	}

	static String resolveInstanceId(ConsumerProperties properties, Environment environment) {
		if (properties.instanceId() != null) {
			return properties.instanceId();
		}
		for (String variable : new String[] { "CHAT_INSTANCE_ID", "HOSTNAME" }) {
			String value = environment.getProperty(variable);
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("No instance id: set CHAT_INSTANCE_ID (or chat.kafka.consumer.instance-id)",
					ex);
		}
	}

}
