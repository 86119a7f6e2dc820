package chat.contracts.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * Compacted state on {@link chat.contracts.Topics#CONVERSATIONS}: the full member set of
 * a conversation after a change. Readers keep the record with the highest {@code version}
 * per conversation and may ignore older ones, so redelivery and replays are harmless.
 *
 * @param version increases by one with every membership change of this conversation
 * @param memberIds every member (token {@code sub}s) after the change, sorted; empty when
 * the conversation is gone
 */
public record ConversationMembersChanged(UUID eventId, Instant occurredAt, UUID conversationId, long version,
		List<String> memberIds) implements ChatRecord {

	public static final String TYPE = "chat.conversation.members-changed.v1";

	public ConversationMembersChanged {
		memberIds = memberIds.stream().distinct().sorted().toList();
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
