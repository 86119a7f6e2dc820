package chat.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * STOMP 1.2 frames as WebSocket text. Header values are escaped ({@code \\ \n \r \c})
 * except in CONNECT and CONNECTED frames, as the specification requires. A frame's body
 * ends at its NUL octet: every body of this protocol is JSON, which never contains a raw
 * NUL, so no {@code content-length} is needed either way.
 */
final class StompCodec {

	private StompCodec() {
	}

	/**
	 * The frame as text. A NUL in a header cannot be carried (STOMP 1.2 ends a frame
	 * there and has no escape for it): refused rather than sent as a broken frame.
	 */
	static String encode(StompFrame frame) {
		boolean escape = !frame.command().equals("CONNECT") && !frame.command().equals("CONNECTED");
		StringBuilder text = new StringBuilder(frame.command()).append('\n');
		frame.headers().forEach((name, value) -> {
			if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
				throw new IllegalArgumentException("a STOMP header cannot contain NUL: " + name);
			}
			text.append(escape ? escape(name) : name).append(':').append(escape ? escape(value) : value).append('\n');
		});
		return text.append('\n').append(frame.body()).append('\0').toString();
	}

	static String escape(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case ':' -> out.append("\\c");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	static String unescape(String value) {
		if (value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				switch (next) {
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 'c' -> out.append(':');
					case '\\' -> out.append('\\');
					default -> throw new IllegalArgumentException("undefined escape \\" + next);
				}
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * Reads frames from a stream of WebSocket text messages: a message may hold several
	 * frames, part of one, or only heart-beat EOLs. Not thread-safe; one per connection.
	 */
	static final class Decoder {

		private final StringBuilder buffer = new StringBuilder();

		List<StompFrame> feed(String text) {
			this.buffer.append(text);
			List<StompFrame> frames = new ArrayList<>();
			while (true) {
				int start = 0;
				while (start < this.buffer.length()
						&& (this.buffer.charAt(start) == '\n' || this.buffer.charAt(start) == '\r')) {
					start++;
				}
				int end = this.buffer.indexOf("\0", start);
				if (end < 0) {
					this.buffer.delete(0, start);
					return frames;
				}
				frames.add(parse(this.buffer.substring(start, end)));
				this.buffer.delete(0, end + 1);
			}
		}

		private static StompFrame parse(String text) {
			int headersEnd = text.indexOf("\n\n");
			int bodyStart = headersEnd + 2;
			if (headersEnd < 0) {
				int crlf = text.indexOf("\r\n\r\n");
				headersEnd = (crlf >= 0) ? crlf : text.length();
				bodyStart = (crlf >= 0) ? crlf + 4 : text.length();
			}
			String[] lines = text.substring(0, headersEnd).split("\r?\n");
			String command = lines[0].strip();
			boolean escaped = !command.equals("CONNECTED") && !command.equals("CONNECT");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon <= 0) {
					continue;
				}
				String name = lines[i].substring(0, colon);
				String value = lines[i].substring(colon + 1);
				headers.putIfAbsent(escaped ? unescape(name) : name, escaped ? unescape(value) : value);
			}
			return new StompFrame(command, headers, text.substring(Math.min(bodyStart, text.length())));
		}

	}

}
