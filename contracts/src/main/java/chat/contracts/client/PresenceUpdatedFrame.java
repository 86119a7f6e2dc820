package chat.contracts.client;

import java.time.Instant;

import chat.contracts.presence.PresenceChanged;

/**
 * {@code presence.updated} on {@code /topic/conversations/{cid}}, for a member of that
 * conversation.
 */
public record PresenceUpdatedFrame(String type, String userId, boolean online, Instant lastSeenAt) {

	public static final String TYPE = "presence.updated";

	public static PresenceUpdatedFrame of(PresenceChanged event) {
		return new PresenceUpdatedFrame(TYPE, event.userId(), event.online(), event.lastSeenAt());
	}

}
