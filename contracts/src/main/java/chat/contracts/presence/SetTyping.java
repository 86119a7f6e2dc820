package chat.contracts.presence;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * Command on {@link chat.contracts.Topics#TYPING_COMMANDS}: a member starts (or
 * refreshes) or stops typing. Key: conversationId. Never stored.
 */
public record SetTyping(UUID commandId, Instant occurredAt, UUID conversationId, String userId,
		boolean typing) implements ChatRecord {

	public static final String TYPE = "chat.typing.set.v1";

	@Override
	public UUID eventId() {
		return this.commandId;
	}

	@Override
	public String key() {
		return this.conversationId.toString();
	}

	@Override
	public String type() {
		return TYPE;
	}

}
