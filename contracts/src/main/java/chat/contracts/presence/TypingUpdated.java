package chat.contracts.presence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * On {@link chat.contracts.Topics#TYPING}: everyone typing in a conversation now (a full
 * snapshot, which replaces the previous one). At most one per conversation per coalescing
 * window. Key: conversationId.
 *
 * @param userIds sorted
 */
public record TypingUpdated(UUID eventId, Instant occurredAt, UUID conversationId,
		List<String> userIds) implements ChatRecord {

	public static final String TYPE = "chat.typing.updated.v1";

	public TypingUpdated {
		userIds = userIds.stream().distinct().sorted().toList();
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
