package chat.receipt.membership;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The membership listener's container factory: Boot's settings and error handler, plus
 * the rebalance listener of {@link MembershipCatchUp}, which seeks to the beginning and
 * notes the end offsets to reach, and idle events, on which it checks whether they are
 * reached.
 */
@Configuration(proxyBeanMethods = false)
class MembershipConfig {

	/**
	 * How long the membership container is idle before it says so, letting the catch-up
	 * check its position.
	 */
	private static final long IDLE_EVENT_INTERVAL_MS = 1000;

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> membershipListenerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			MembershipCatchUp catchUp) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.getContainerProperties().setConsumerRebalanceListener(catchUp.rebalanceListener());
		factory.getContainerProperties().setIdleEventInterval(IDLE_EVENT_INTERVAL_MS);
		return factory;
	}

}
