package chat.connection.session;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code chat.edge.limits.refused{limit}}: connections, sessions, subscriptions and
 * frames refused because a limit of {@code chat.edge.limits} was reached. Registered at
 * zero.
 */
@Component
class LimitMetrics {

	static final String SESSIONS_PER_NODE = "sessions-per-node";

	static final String SESSIONS_PER_USER = "sessions-per-user";

	static final String SUBSCRIPTIONS_PER_SESSION = "subscriptions-per-session";

	static final String CONNECT_TIMEOUT = "connect-timeout";

	static final String FRAME_SIZE = "frame-size";

	private final Map<String, Counter> counters;

	LimitMetrics(MeterRegistry meters) {
		this.counters = Stream
			.of(SESSIONS_PER_NODE, SESSIONS_PER_USER, SUBSCRIPTIONS_PER_SESSION, CONNECT_TIMEOUT, FRAME_SIZE)
			.collect(Collectors.toUnmodifiableMap(Function.identity(),
					limit -> Counter.builder("chat.edge.limits.refused")
						.description("Connections, sessions and subscriptions refused by a chat.edge.limits limit")
						.tag("limit", limit)
						.register(meters)));
	}

	void refused(String limit) {
		this.counters.get(limit).increment();
	}

}
