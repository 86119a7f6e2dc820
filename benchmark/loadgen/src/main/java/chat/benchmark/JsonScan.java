package chat.benchmark;

/**
 * Reads one top-level field of a small, flat JSON object without building a tree: the
 * generator looks at thousands of frames a second on a machine it shares with the system
 * under test, so it keeps its own cost low. Good for the compact JSON the targets write
 * (field names are unique in a frame body); not a general JSON parser.
 */
final class JsonScan {

	private JsonScan() {
	}

	/** The string value of {@code "name"}, or null (absent, or not a plain string). */
	static String string(String json, String name) {
		int at = valueStart(json, name);
		if (at < 0 || at >= json.length() || json.charAt(at) != '"') {
			return null;
		}
		int end = json.indexOf('"', at + 1);
		if (end < 0 || json.lastIndexOf('\\', end) > at) {
			return null;
		}
		return json.substring(at + 1, end);
	}

	/** The integer value of {@code "name"}, or {@code missing}. */
	static long number(String json, String name, long missing) {
		int at = valueStart(json, name);
		if (at < 0) {
			return missing;
		}
		int end = at;
		if (end < json.length() && json.charAt(end) == '-') {
			end++;
		}
		while (end < json.length() && Character.isDigit(json.charAt(end))) {
			end++;
		}
		return (end > at) ? Long.parseLong(json, at, end, 10) : missing;
	}

	private static int valueStart(String json, String name) {
		String key = '"' + name + '"';
		int at = json.indexOf(key);
		if (at < 0) {
			return -1;
		}
		at += key.length();
		while (at < json.length() && (json.charAt(at) == ' ' || json.charAt(at) == ':')) {
			at++;
		}
		return at;
	}

}
