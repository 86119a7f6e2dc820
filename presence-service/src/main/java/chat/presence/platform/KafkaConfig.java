package chat.presence.platform;

import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics this service writes (declared at start-up, never auto-created) and the one error handler: a
 * malformed record goes straight to {@code <topic>.dlt}; anything else (database or broker down) is
 * retried with back-off, without limit, because the events behind it are valid and presence would be wrong
 * without them.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	KafkaAdmin.NewTopics presenceServiceTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(
				topic(Topics.PRESENCE, topics)
					.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
					.build(),
				topic(Topics.TYPING, topics)
					.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topics.typingRetention().toMillis()))
					.build(),
				topic(Topics.deadLetter(Topics.CONNECTIONS), topics).build(),
				topic(Topics.deadLetter(Topics.TYPING_COMMANDS), topics).build(),
				topic(Topics.deadLetter(Topics.CONVERSATIONS), topics).build());
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> template) {
		// Partition -1: Kafka picks one, so a dead-letter topic needs no more partitions than its source.
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(10_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(MalformedRecord.class);
		return handler;
	}

	private static TopicBuilder topic(String name, TopicsProperties topics) {
		return TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor());
	}

}
