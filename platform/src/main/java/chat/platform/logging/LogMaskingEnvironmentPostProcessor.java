package chat.platform.logging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps credentials and message bodies out of every service's log, at every level (DEBUG
 * and TRACE included): the default console and file patterns are Boot's own, with the
 * message and the stack trace passed through {@link #MASKS}.
 *
 * <ul>
 * <li>{@code eyJ…} — anything shaped like a JWT (its base64url JSON header always starts
 * so) becomes {@code [jwt]};</li>
 * <li>{@code Bearer <token>} — any bearer credential, JWT or opaque, becomes
 * {@code Bearer [redacted]};</li>
 * <li>{@code payload=…} — the rest of the message after Spring's {@code payload=} (how
 * spring-messaging and spring-websocket print STOMP bodies and WebSocket text at DEBUG
 * and TRACE) becomes {@code payload=[redacted]}.</li>
 * </ul>
 *
 * The patterns are defaults (the lowest-precedence property source): a service or an
 * operator that sets {@code logging.pattern.console} or {@code logging.pattern.file}
 * replaces them and must keep the masks. Structured logging
 * ({@code logging.structured.format.*}) does not use patterns and is not masked.
 */
public final class LogMaskingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String SOURCE = "chatLogMasking";

	/** Wraps a pattern fragment so that tokens and bearer values are masked. */
	static String credentialsMasked(String fragment) {
		return "%replace(%replace(" + fragment + "){'eyJ[A-Za-z0-9_-]*[.A-Za-z0-9_-]*', '[jwt]'})"
				+ "{'([Bb][Ee][Aa][Rr][Ee][Rr]) +[A-Za-z0-9._~+/=-]+', '$1 [redacted]'}";
	}

	/**
	 * The message with credentials and everything from {@code payload=} to its end
	 * (bodies span lines) masked, then the exception with credentials masked.
	 */
	static final String MASKS = credentialsMasked("%replace(%m){'(?s)payload=.*', 'payload=[redacted]'}") + "%n"
			+ credentialsMasked("%wEx");

	/**
	 * Boot's default console pattern (colours, time, level, thread, logger) with
	 * {@link #MASKS}; without {@code ${…}} references, which Spring would resolve first.
	 */
	static final String CONSOLE = "%clr(%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}){faint} %clr(%5p) %clr([%15.15t]){faint} "
			+ "%clr(%-40.40logger{39}){cyan} %clr(:){faint} " + MASKS;

	/** Boot's default file pattern, likewise. */
	static final String FILE = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p [%t] %-40.40logger{39} : " + MASKS;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> patterns = new LinkedHashMap<>();
		patterns.put("logging.pattern.console", CONSOLE);
		patterns.put("logging.pattern.file", FILE);
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, patterns));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
