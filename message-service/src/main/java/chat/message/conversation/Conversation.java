package chat.message.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as the REST API shows it.
 *
 * @param lastSeq seq of the newest message, 0 when there is none
 * @param version membership version, as on {@code chat.conversations.v1}
 * @param memberIds every member, sorted
 * @param participantIds the members who have taken part (created it or sent a message in
 * it), sorted: only their presence is shared with the other members (ADR 10)
 */
public record Conversation(UUID id, String title, String createdBy, Instant createdAt, long lastSeq, long version,
		List<String> memberIds, List<String> participantIds) {

	boolean hasMember(String userId) {
		return this.memberIds.contains(userId);
	}

}
