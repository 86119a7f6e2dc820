package chat.contracts.client;

import java.util.List;
import java.util.UUID;

import chat.contracts.presence.TypingUpdated;

/**
 * {@code typing.updated} on {@code /topic/conversations/{cid}}: everyone typing now
 * (clients hide themselves).
 */
public record TypingUpdatedFrame(String type, UUID conversationId, List<String> userIds) {

	public static final String TYPE = "typing.updated";

	public static TypingUpdatedFrame of(TypingUpdated event) {
		return new TypingUpdatedFrame(TYPE, event.conversationId(), event.userIds());
	}

}
