package chat.connection.delivery;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: this node is ready only once its fan-out and membership listeners
 * have partitions assigned. Events published before that are not delivered live to this
 * node's sessions (clients catch up by history), so a load balancer must not route to it
 * earlier.
 */
@Component("fanOut")
class FanOutHealth implements HealthIndicator {

	private static final List<String> LISTENERS = List.of(FanOutListener.MESSAGES_ID, FanOutListener.REJECTIONS_ID,
			FanOutListener.TYPING_ID, FanOutListener.RECEIPTS_ID, "memberships", "presence");

	private final KafkaListenerEndpointRegistry registry;

	FanOutHealth(KafkaListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		Map<String, Object> assignedPartitions = new LinkedHashMap<>();
		boolean ready = true;
		for (String id : LISTENERS) {
			MessageListenerContainer container = this.registry.getListenerContainer(id);
			Collection<TopicPartition> assigned = (container != null) ? container.getAssignedPartitions() : null;
			int count = (assigned != null) ? assigned.size() : 0;
			ready &= count > 0;
			assignedPartitions.put(id, count);
		}
		return (ready ? Health.up() : Health.down()).withDetails(assignedPartitions).build();
	}

}
