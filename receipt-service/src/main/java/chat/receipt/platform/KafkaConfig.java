package chat.receipt.platform;

import chat.contracts.Topics;
import chat.platform.kafka.TopicDeclarations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Topics this service writes (declared at start-up, never auto-created). The one error
 * handler is the platform's: a malformed record goes straight to {@code <topic>.dlt};
 * anything else (database or broker down, a member the membership view does not know yet)
 * is retried with back-off, without limit, because the commands behind it are valid and
 * must not be lost.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	/**
	 * The public receipts topic and the dead-letter topics of the three topics it reads.
	 * The edge declares some of the same dead-letter topics; declaring an existing topic
	 * changes nothing.
	 */
	@Bean
	KafkaAdmin.NewTopics receiptServiceTopics(TopicDeclarations topics) {
		return new KafkaAdmin.NewTopics(topics.plain(Topics.RECEIPTS), topics.deadLetter(Topics.RECEIPT_COMMANDS),
				topics.deadLetter(Topics.MESSAGES), topics.deadLetter(Topics.CONVERSATIONS));
	}

}
