package chat.platform.kafka;

import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
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
 * {@code <topic>.dlt} at once: retrying cannot fix it. Any other failure is retried with
 * exponential back-off ({@code chat.kafka.retry}); when {@code max-attempts} is set and
 * used up, the record goes to {@code <topic>.dlt} too. Dead letters go to partition -1,
 * so Kafka picks one by key and a dead-letter topic needs no more partitions than its
 * source.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(DefaultErrorHandler.class)
@EnableConfigurationProperties({ TopicsProperties.class, RetryProperties.class })
public final class KafkaPlatformAutoConfiguration {

	@Bean
	@ConditionalOnBean(KafkaOperations.class)
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<?, ?> template, RetryProperties retry) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff(retry));
		handler.addNotRetryableExceptions(MalformedRecord.class);
		return handler;
	}

	@Bean
	@ConditionalOnMissingBean
	TopicDeclarations topicDeclarations(TopicsProperties topics) {
		return new TopicDeclarations(topics);
	}

	static ExponentialBackOff backOff(RetryProperties retry) {
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		backOff.setMaxInterval(retry.maxInterval().toMillis());
		if (retry.maxAttempts() != null) {
			backOff.setMaxAttempts(retry.maxAttempts());
		}
		return backOff;
	}

}
