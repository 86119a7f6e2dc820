package chat.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One STOMP 1.2 frame: command, headers (first value of a repeated header wins, as the
 * spec says) and a text body.
 */
record StompFrame(String command, Map<String, String> headers, String body) {

	StompFrame {
		headers = new LinkedHashMap<>(headers);
	}

	static StompFrame of(String command, String... headerPairs) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 0; i + 1 < headerPairs.length; i += 2) {
			headers.put(headerPairs[i], headerPairs[i + 1]);
		}
		return new StompFrame(command, headers, "");
	}

	StompFrame withBody(String body) {
		return new StompFrame(this.command, this.headers, body);
	}

	String header(String name) {
		return this.headers.get(name);
	}

}
