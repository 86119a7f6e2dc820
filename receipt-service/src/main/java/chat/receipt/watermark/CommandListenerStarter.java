package chat.receipt.watermark;

import chat.receipt.membership.MembershipsLoaded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Starts the receipt command listener once the membership view is loaded: judged earlier,
 * every command would look like one from a non-member. The registry stops it with the
 * others at shutdown.
 */
@Component
class CommandListenerStarter {

	private static final Logger log = LoggerFactory.getLogger(CommandListenerStarter.class);

	private final KafkaListenerEndpointRegistry registry;

	CommandListenerStarter(KafkaListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@EventListener
	void onMembershipsLoaded(MembershipsLoaded loaded) {
		MessageListenerContainer commands = this.registry.getListenerContainer(ReceiptCommandListener.ID);
		if (commands != null && !commands.isRunning()) {
			commands.start();
			log.info("Receipt commands listener started after {} conversations were loaded", loaded.conversations());
		}
	}

}
