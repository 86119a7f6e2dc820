package chat.presence.typing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.presence.typing}: who is typing.
 *
 * @param expiry how long a {@code typing: true} counts without a refresh (default 6 s); a
 * command already older than this when consumed is ignored (shed)
 * @param window the coalescing window (default 100 ms): at most one snapshot per
 * conversation per window; shorter than the expiry
 * @param recoveryWindow after a start, how far back {@code chat.typing.v1} is read to
 * learn which snapshots the previous instance left showing typers (default 10 min), so
 * they can be cleared; at least the expiry
 * @param retention how long {@code chat.typing.v1} keeps snapshots (default 1 h), set
 * when the topic is declared; they are worthless after the expiry, and a restarted
 * instance reads back only the recovery window, so at least that and at least 1 min
 */
@ConfigurationProperties("chat.presence.typing")
public record TypingProperties(@DefaultValue("6s") Duration expiry, @DefaultValue("100ms") Duration window,
		@DefaultValue("10m") Duration recoveryWindow, @DefaultValue("1h") Duration retention) {

	public TypingProperties {
		if (expiry.isNegative() || expiry.isZero() || window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("chat.presence.typing: expiry and window must be positive");
		}
		if (window.compareTo(expiry) >= 0) {
			throw new IllegalArgumentException(
					"chat.presence.typing.window (" + window + ") must be shorter than expiry (" + expiry + ")");
		}
		if (recoveryWindow.compareTo(expiry) < 0) {
			throw new IllegalArgumentException("chat.presence.typing.recovery-window (" + recoveryWindow
					+ ") must be at least expiry (" + expiry + ")");
		}
		if (retention.compareTo(Duration.ofMinutes(1)) < 0 || retention.compareTo(recoveryWindow) < 0) {
			throw new IllegalArgumentException("chat.presence.typing.retention (" + retention
					+ ") must be at least 1 minute and at least recovery-window (" + recoveryWindow + ")");
		}
	}

}
