package chat.message.platform;

import chat.contracts.Topics;
import chat.platform.kafka.TopicDeclarations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topics this service writes, declared at start-up (never auto-created). The one error
 * handler is the platform's: a malformed command goes straight to {@code <topic>.dlt};
 * anything else (database or broker down) is retried with back-off, without limit,
 * because the commands behind it are valid and must not be lost.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	KafkaAdmin.NewTopics messageServiceTopics(TopicDeclarations topics) {
		return new KafkaAdmin.NewTopics(topics.plain(Topics.MESSAGES), topics.plain(Topics.MESSAGE_REJECTIONS),
				topics.compacted(Topics.CONVERSATIONS), topics.deadLetter(Topics.MESSAGE_COMMANDS));
	}

}
