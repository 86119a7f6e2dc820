package chat.client;

/**
 * Reconnect delays: 1, 2, 4, 8, 16 s, then 30 s, each scaled by a jitter factor in [0.8,
 * 1.0] so that clients dropped together do not come back together.
 */
final class Backoff {

	static final long BASE_MILLIS = 1_000;

	static final long MAX_MILLIS = 30_000;

	private Backoff() {
	}

	/** The un-jittered delay before retry number {@code attempt} (1-based). */
	static long ceilingMillis(int attempt) {
		int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
		return Math.min(MAX_MILLIS, BASE_MILLIS << Math.min(doublings, 20));
	}

	/**
	 * The delay before retry number {@code attempt}; {@code random} is uniform in [0, 1).
	 */
	static long delayMillis(int attempt, double random) {
		return Math.round(ceilingMillis(attempt) * (0.8 + 0.2 * random));
	}

}
