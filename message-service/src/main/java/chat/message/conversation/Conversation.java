package chat.message.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as the REST API shows it.
 *
 * @param lastSeq seq of the newest message, 0 when there is none
 * @param version membership version, as on {@code chat.conversations.v1}
 */
public record Conversation(UUID id, String title, String createdBy, Instant createdAt, long lastSeq, long version,
		List<String> memberIds) {

	boolean hasMember(String userId) {
		return this.memberIds.contains(userId);
	}

}
