package chat.presence.typing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.presence.typing}: who is typing.
 *
 * @param expiry how long a {@code typing: true} counts without a refresh (default 6 s); a command already
 * older than this when consumed is ignored (shed)
 * @param window the coalescing window (default 100 ms): at most one snapshot per conversation per window;
 * shorter than the expiry
 * @param recoveryWindow after a start, how far back {@code chat.typing.v1} is read to learn which snapshots
 * the previous instance left showing typers (default 10 min), so they can be cleared; at least the expiry
 */
@ConfigurationProperties("chat.presence.typing")
public record TypingProperties(@DefaultValue("6s") Duration expiry, @DefaultValue("100ms") Duration window,
		@DefaultValue("10m") Duration recoveryWindow) {

	public TypingProperties {
		if (expiry.isNegative() || expiry.isZero() || window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("chat.presence.typing: expiry and window must be positive");
		}
		if (window.compareTo(expiry) >= 0) {
			throw new IllegalArgumentException(
					"chat.presence.typing.window (" + window + ") must be shorter than expiry (" + expiry + ")");
		}
		if (recoveryWindow.compareTo(expiry) < 0) {
			throw new IllegalArgumentException(
					"chat.presence.typing.recovery-window (" + recoveryWindow + ") must be at least expiry (" + expiry + ")");
		}
	}

}
