package chat.presence.online;

import java.time.Instant;

/**
 * A user's presence as last published, as stored in {@code last_seen} and as
 * {@code GET /api/presence} shows it.
 *
 * @param lastSeenAt when the user went offline, or when they came online while online;
 * {@code null} for a user never seen
 */
record UserPresence(String userId, boolean online, Instant lastSeenAt) {

	static UserPresence unknown(String userId) {
		return new UserPresence(userId, false, null);
	}

}
