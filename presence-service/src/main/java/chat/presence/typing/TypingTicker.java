package chat.presence.typing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes due typing snapshots once per {@code chat.presence.typing.window}. Fixed
 * delay, so two ticks are always at least a window apart: at most one snapshot per
 * conversation per window. A failed publish is logged and decided again at the next tick.
 */
@Component
class TypingTicker {

	private static final Logger log = LoggerFactory.getLogger(TypingTicker.class);

	private final Typing typing;

	TypingTicker(Typing typing) {
		this.typing = typing;
	}

	@Scheduled(fixedDelayString = "${chat.presence.typing.window:100ms}")
	void tick() {
		try {
			this.typing.tick();
		}
		catch (RuntimeException ex) {
			log.warn("Typing tick failed; retrying at the next one", ex);
		}
	}

}
