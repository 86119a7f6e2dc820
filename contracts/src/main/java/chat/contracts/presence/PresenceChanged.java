package chat.contracts.presence;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * Public, compacted on {@link chat.contracts.Topics#PRESENCE}: a user went online or
 * offline. Published on transitions only. Key: userId.
 *
 * @param lastSeenAt when the user was last connected (the moment they went offline, or
 * now when online)
 */
public record PresenceChanged(UUID eventId, Instant occurredAt, String userId, boolean online,
		Instant lastSeenAt) implements ChatRecord {

	public static final String TYPE = "chat.presence.changed.v1";

	@Override
	public String key() {
		return this.userId;
	}

	@Override
	public String type() {
		return TYPE;
	}

}
