package chat.connection.platform;

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
import org.springframework.util.backoff.FixedBackOff;

/**
 * The command topic this service writes, declared at start-up, and the one error handler of its fan-out
 * listeners: a malformed event goes to {@code <topic>.dlt}; a delivery failure is retried a few times and
 * then dropped (the client fills the gap from history by seq).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	/** Commands the edge writes, and dead-letter topics of the events it reads. */
	@Bean
	KafkaAdmin.NewTopics edgeTopics(EdgeProperties properties) {
		EdgeProperties.Topics topics = properties.topics();
		return new KafkaAdmin.NewTopics(Stream
			.of(Topics.MESSAGE_COMMANDS, Topics.CONNECTIONS, Topics.TYPING_COMMANDS, Topics.RECEIPT_COMMANDS,
					Topics.deadLetter(Topics.MESSAGES), Topics.deadLetter(Topics.MESSAGE_REJECTIONS),
					Topics.deadLetter(Topics.CONVERSATIONS), Topics.deadLetter(Topics.PRESENCE),
					Topics.deadLetter(Topics.TYPING), Topics.deadLetter(Topics.RECEIPTS))
			.map(name -> TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor()).build())
			.toArray(NewTopic[]::new));
	}

	@Bean
	EdgeNode edgeNode(EdgeProperties properties) {
		return new EdgeNode(properties.nodeId());
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, byte[]> template) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, new FixedBackOff(100, 3));
		handler.addNotRetryableExceptions(MalformedRecord.class);
		return handler;
	}

}
