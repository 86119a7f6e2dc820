package chat.presence.online;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The time-driven half of presence: every {@code chat.presence.online.sweep-interval} it
 * starts and ends the warm-up and publishes offlines whose grace or lease has run out. A
 * failed sweep (database or broker down) is logged and simply decided again at the next
 * one.
 */
@Component
class PresenceSweeper {

	private static final Logger log = LoggerFactory.getLogger(PresenceSweeper.class);

	private final Presence presence;

	PresenceSweeper(Presence presence) {
		this.presence = presence;
	}

	@Scheduled(fixedDelayString = "${chat.presence.online.sweep-interval:200ms}")
	void sweep() {
		try {
			this.presence.sweep();
		}
		catch (RuntimeException ex) {
			log.warn("Presence sweep failed; retrying at the next one", ex);
		}
	}

}
