package chat.receipt.platform;

import java.util.stream.Stream;

import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

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
 * malformed record goes straight to {@code <topic>.dlt}; anything else (database or broker down, a member
 * the membership view does not know yet) is retried with back-off, without limit, because the commands
 * behind it are valid and must not be lost.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	/**
	 * The public receipts topic and the dead-letter topics of the three topics it reads. The edge declares
	 * some of the same dead-letter topics; declaring an existing topic changes nothing.
	 */
	@Bean
	KafkaAdmin.NewTopics receiptServiceTopics(TopicsProperties topics) {
		return new KafkaAdmin.NewTopics(Stream
			.of(Topics.RECEIPTS, Topics.deadLetter(Topics.RECEIPT_COMMANDS), Topics.deadLetter(Topics.MESSAGES),
					Topics.deadLetter(Topics.CONVERSATIONS))
			.map(name -> TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor()).build())
			.toArray(NewTopic[]::new));
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> template) {
		// partition -1: the key picks it, so a dead-letter topic may have fewer partitions than its source
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(10_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
		handler.addNotRetryableExceptions(MalformedRecord.class);
		return handler;
	}

}
