package chat.client;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What to show for one conversation, immutable; a new snapshot follows every change.
 *
 * @param conversationId the conversation
 * @param messages the newest stored messages (at most 100) in seq order, gap-free, then
 * this client's messages that have no place yet (sending, failed, or acked ahead of a
 * gap) in the order they were sent
 * @param hasOlder whether older messages exist ({@link Conversation#loadOlder})
 * @param lastSeq the highest seq up to which every message has been received
 * @param catchingUp whether history is being fetched (after a (re)connect or a gap)
 * @param typing who is typing now, without this client's user
 * @param presence the members' presence as last reported
 * @param presenceStale whether {@code presence} may be out of date (not connected)
 * @param error why the conversation cannot be followed ({@code NOT_MEMBER},
 * {@code NOT_FOUND}), or {@code null}
 */
public record ConversationSnapshot(UUID conversationId, List<Message> messages, boolean hasOlder, long lastSeq,
		boolean catchingUp, Set<String> typing, Map<String, Presence> presence, boolean presenceStale,
		ChatError error) {

	/** The message with this clientMessageId, or {@code null}. */
	public Message message(UUID clientMessageId) {
		return this.messages.stream().filter(m -> clientMessageId.equals(m.clientMessageId())).findFirst().orElse(null);
	}

	/** The members online now, as last reported. */
	public Set<String> online() {
		return this.presence.values()
			.stream()
			.filter(Presence::online)
			.map(Presence::userId)
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
	}

}
