package chat.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One STOMP 1.2 frame. Headers keep their order; for a repeated header the first value
 * counts (STOMP 1.2, "Repeated Header Entries").
 */
record StompFrame(String command, Map<String, String> headers, String body) {

	StompFrame {
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
		body = (body != null) ? body : "";
	}

	static StompFrame of(String command, String... headerPairs) {
		return withBody(command, "", headerPairs);
	}

	static StompFrame withBody(String command, String body, String... headerPairs) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 0; i + 1 < headerPairs.length; i += 2) {
			headers.putIfAbsent(headerPairs[i], headerPairs[i + 1]);
		}
		return new StompFrame(command, headers, body);
	}

	String header(String name) {
		return this.headers.get(name);
	}

	@Override
	public String toString() {
		// Never the body or the Authorization header: they may hold message text or a
		// token.
		return this.command + this.headers.keySet();
	}

}
