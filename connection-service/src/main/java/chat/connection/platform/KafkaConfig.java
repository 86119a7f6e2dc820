package chat.connection.platform;

import java.util.stream.Stream;

import chat.contracts.Topics;
import chat.platform.kafka.TopicDeclarations;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The command topics this service writes, declared at start-up, and the dead-letter
 * topics of the events it reads. The one error handler of its fan-out listeners is the
 * platform's: a malformed event goes to {@code <topic>.dlt}; a delivery failure is
 * retried a few times ({@code chat.kafka.retry.max-attempts} in {@code application.yml})
 * and then dead-lettered too (the client fills the gap from history by seq).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	/**
	 * Commands the edge writes, the revocations it writes and reads, and dead-letter
	 * topics of the events it reads.
	 */
	@Bean
	KafkaAdmin.NewTopics edgeTopics(TopicDeclarations topics) {
		Stream<NewTopic> commands = Stream
			.of(Topics.MESSAGE_COMMANDS, Topics.CONNECTIONS, Topics.TYPING_COMMANDS, Topics.RECEIPT_COMMANDS)
			.map(topics::plain);
		Stream<NewTopic> revocations = Stream.of(topics.compacted(Topics.REVOCATIONS));
		Stream<NewTopic> deadLetters = Stream
			.of(Topics.MESSAGES, Topics.MESSAGE_REJECTIONS, Topics.CONVERSATIONS, Topics.PRESENCE, Topics.TYPING,
					Topics.RECEIPTS, Topics.REVOCATIONS)
			.map(topics::deadLetter);
		return new KafkaAdmin.NewTopics(
				Stream.of(commands, revocations, deadLetters).flatMap(s -> s).toArray(NewTopic[]::new));
	}

	@Bean
	EdgeNode edgeNode(EdgeProperties properties) {
		return new EdgeNode(properties.nodeId());
	}

}
