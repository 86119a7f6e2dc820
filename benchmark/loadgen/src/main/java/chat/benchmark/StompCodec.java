package chat.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * STOMP 1.2 framing over WebSocket text messages:
 * {@code COMMAND\nname:value\n…\n\nbody\0}. Header values are escaped
 * ({@code \\ \c \n \r}) except in CONNECT and CONNECTED frames, as the spec says;
 * heart-beat EOLs between frames are skipped. Bodies are read up to the NUL octet (the
 * benchmark's bodies are JSON, which never contains one).
 */
final class StompCodec {

	private StompCodec() {
	}

	static String encode(StompFrame frame) {
		boolean escape = !frame.command().equals("CONNECT") && !frame.command().equals("CONNECTED");
		StringBuilder out = new StringBuilder(64 + frame.body().length());
		out.append(frame.command()).append('\n');
		frame.headers().forEach((name, value) -> {
			out.append(escape ? escape(name) : name).append(':').append(escape ? escape(value) : value).append('\n');
		});
		return out.append('\n').append(frame.body()).append('\0').toString();
	}

	/**
	 * Decodes every complete frame in {@code text} (one WebSocket message may carry
	 * several, or only heart-beats).
	 */
	static List<StompFrame> decode(CharSequence text) {
		List<StompFrame> frames = new ArrayList<>(1);
		int at = 0;
		int length = text.length();
		while (at < length) {
			while (at < length && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) {
				at++;
			}
			if (at >= length) {
				break;
			}
			int lineEnd = lineEnd(text, at);
			String command = text.subSequence(at, trimCr(text, at, lineEnd)).toString();
			boolean unescape = !command.equals("CONNECT") && !command.equals("CONNECTED");
			at = lineEnd + 1;
			Map<String, String> headers = new LinkedHashMap<>();
			while (at < length && text.charAt(at) != '\n'
					&& !(text.charAt(at) == '\r' && at + 1 < length && text.charAt(at + 1) == '\n')) {
				lineEnd = lineEnd(text, at);
				int end = trimCr(text, at, lineEnd);
				int colon = indexOf(text, ':', at, end);
				if (colon > 0) {
					String name = text.subSequence(at, colon).toString();
					String value = text.subSequence(colon + 1, end).toString();
					headers.putIfAbsent(unescape ? unescape(name) : name, unescape ? unescape(value) : value);
				}
				at = lineEnd + 1;
			}
			at += (at < length && text.charAt(at) == '\r') ? 2 : 1;
			int nul = indexOf(text, '\0', at, length);
			if (nul < 0) {
				throw new IllegalArgumentException("STOMP frame without a NUL terminator: " + command);
			}
			frames.add(new StompFrame(command, headers, text.subSequence(Math.min(at, nul), nul).toString()));
			at = nul + 1;
		}
		return frames;
	}

	static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		StringBuilder out = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case ':' -> out.append("\\c");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
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
					case '\\' -> out.append('\\');
					case 'c' -> out.append(':');
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					default -> throw new IllegalArgumentException("undefined STOMP escape \\" + next);
				}
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static int lineEnd(CharSequence text, int from) {
		int end = indexOf(text, '\n', from, text.length());
		if (end < 0) {
			throw new IllegalArgumentException("STOMP frame cut short");
		}
		return end;
	}

	private static int trimCr(CharSequence text, int from, int lineEnd) {
		return (lineEnd > from && text.charAt(lineEnd - 1) == '\r') ? lineEnd - 1 : lineEnd;
	}

	private static int indexOf(CharSequence text, char c, int from, int to) {
		for (int i = from; i < to; i++) {
			if (text.charAt(i) == c) {
				return i;
			}
		}
		return -1;
	}

}
