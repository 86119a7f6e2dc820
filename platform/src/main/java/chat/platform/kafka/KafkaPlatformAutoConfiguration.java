package chat.platform.kafka;

import java.time.Duration;

import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import org.apache.kafka.common.TopicPartition;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one error handler of a service's listeners, which Boot sets on every listener
 * container factory it configures, and the {@link TopicDeclarations} a service declares
 * its topics with.
 *
 * <p>
 * A {@link MalformedRecord} (a value that is not the JSON its topic carries) goes to
 * {@code <topic>.dlt} at once: retrying cannot fix it. A transient failure (a database or
 * broker away, {@link Failures#isTransient}) is retried with exponential back-off
 * ({@code chat.kafka.retry}) without limit; any other failure {@code max-attempts} times,
 * then the record goes to {@code <topic>.dlt} too. A batch failure that names no record
 * is retried from the batch's first record, never dead-lettered as a whole
 * ({@link ChatErrorHandler}). Dead letters go to partition -1, so Kafka picks one by key
 * and a dead-letter topic needs no more partitions than its source.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(DefaultErrorHandler.class)
@EnableConfigurationProperties({ TopicsProperties.class, RetryProperties.class, ConsumerProperties.class })
public final class KafkaPlatformAutoConfiguration {

	@Bean
	@ConditionalOnBean(KafkaOperations.class)
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<?, ?> template, RetryProperties retry,
			ObjectProvider<MeterRegistry> meters) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		return new ChatErrorHandler(deadLetters, backOff(retry, true), backOff(retry, false),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	/**
	 * Static group membership and a short session for every container Boot's factory
	 * builds (ADR 11); Boot's factory takes a single {@code ContainerCustomizer} bean, so
	 * a service that needs its own extends {@link GroupMembership}'s settings in it.
	 */
	@Bean
	@ConditionalOnMissingBean(ContainerCustomizer.class)
	GroupMembership kafkaGroupMembership(ConsumerProperties consumer, Environment environment) {
		return new GroupMembership(consumer, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	TopicDeclarations topicDeclarations(TopicsProperties topics) {
		return new TopicDeclarations(topics);
	}

	/**
	 * Health {@code kafka} for the readiness group, when Boot's health support is on the
	 * classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class KafkaHealthConfiguration {

		@Bean
		@ConditionalOnBean(KafkaAdmin.class)
		@ConditionalOnMissingBean(name = "kafkaHealthIndicator")
		KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin,
				@Value("${chat.kafka.health-timeout:2s}") Duration timeout) {
			return new KafkaHealthIndicator(admin.getConfigurationProperties(), timeout);
		}

	}

	static ExponentialBackOff backOff(RetryProperties retry, boolean bounded) {
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		if (bounded) {
			backOff.setMaxAttempts(retry.maxAttempts());
		}
		return backOff;
	}

}
