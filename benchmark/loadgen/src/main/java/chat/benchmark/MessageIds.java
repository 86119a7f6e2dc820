package chat.benchmark;

import java.util.UUID;

/**
 * Client message ids that carry the generator's message index: a UUID whose first 80 bits
 * are this run's (random) and whose last 48 bits are the index. A frame's id thus finds
 * its record without a map, and ids of another run are recognised and ignored.
 */
final class MessageIds {

	private static final long INDEX_MASK = (1L << 48) - 1;

	private final long high;

	private final int middle;

	private final String prefix;

	MessageIds(long high, int middle) {
		this.high = high;
		this.middle = middle & 0xffff;
		this.prefix = new UUID(high, ((long) this.middle) << 48).toString().substring(0, 24);
	}

	String id(long index) {
		if (index < 0 || index > INDEX_MASK) {
			throw new IllegalArgumentException("index out of range: " + index);
		}
		return new UUID(this.high, (((long) this.middle) << 48) | index).toString();
	}

	/** The index in {@code id}, or -1 when {@code id} is not one of this run's. */
	long index(String id) {
		if (id == null || id.length() != 36 || !id.startsWith(this.prefix)) {
			return -1;
		}
		try {
			return Long.parseLong(id, 24, 36, 16);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
