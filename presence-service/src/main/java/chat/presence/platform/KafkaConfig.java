package chat.presence.platform;

import chat.contracts.Topics;
import chat.platform.kafka.TopicDeclarations;
import chat.presence.typing.TypingProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topics this service writes (declared at start-up, never auto-created) and the
 * dead-letter topics of those it reads. The one error handler is the platform's: a
 * malformed record goes straight to {@code <topic>.dlt}; anything else (database or
 * broker down) is retried with back-off, without limit, because the events behind it are
 * valid and presence would be wrong without them.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	KafkaAdmin.NewTopics presenceServiceTopics(TopicDeclarations topics, TypingProperties typing) {
		return new KafkaAdmin.NewTopics(topics.compacted(Topics.PRESENCE),
				topics.retained(Topics.TYPING, typing.retention()), topics.deadLetter(Topics.CONNECTIONS),
				topics.deadLetter(Topics.TYPING_COMMANDS), topics.deadLetter(Topics.CONVERSATIONS));
	}

}
