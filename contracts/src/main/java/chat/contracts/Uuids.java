package chat.contracts;

import java.util.UUID;

/** UUIDs as the wire carries them: 36 characters, 8-4-4-4-12 hex digits. */
public final class Uuids {

	private Uuids() {
	}

	/**
	 * The UUID in {@code value}, or null when it is not one in its canonical 36-character
	 * form (the JDK's parser also takes shorter groups, such as {@code 1-1-1-1-1}).
	 */
	public static UUID parseOrNull(String value) {
		if (value == null || value.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
