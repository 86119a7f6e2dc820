package chat.presence.membership;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import chat.contracts.conversation.ConversationMembersChanged;

import org.springframework.stereotype.Component;

/**
 * Who shares a conversation with whom: the member sets of {@code chat.conversations.v1}
 * (read from the beginning on every start), keeping the highest version per conversation,
 * indexed by user. Eventually consistent with the message service: a membership change
 * shows here once the relay has published it and this instance has consumed it (normally
 * well under a second).
 *
 * <p>
 * Thread-safe: written by the membership listener thread, read by request threads; all
 * access holds this object's monitor (the operations are map look-ups).
 */
@Component
public class Memberships {

	private record Members(long version, Set<String> userIds) {
	}

	private final Map<UUID, Members> conversations = new HashMap<>();

	private final Map<String, Set<UUID>> conversationsOf = new HashMap<>();

	/** Whether the two users are members of at least one common conversation. */
	public synchronized boolean shareAConversation(String userId, String otherUserId) {
		for (UUID conversationId : this.conversationsOf.getOrDefault(userId, Set.of())) {
			if (this.conversations.get(conversationId).userIds().contains(otherUserId)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Applies a member set unless an equal or higher version of that conversation was
	 * applied already.
	 */
	synchronized void apply(ConversationMembersChanged event) {
		Members current = this.conversations.get(event.conversationId());
		if (current != null && current.version() >= event.version()) {
			return;
		}
		if (current != null) {
			current.userIds().forEach(userId -> unindex(userId, event.conversationId()));
		}
		if (event.memberIds().isEmpty()) {
			this.conversations.remove(event.conversationId());
			return;
		}
		this.conversations.put(event.conversationId(), new Members(event.version(), Set.copyOf(event.memberIds())));
		event.memberIds()
			.forEach(userId -> this.conversationsOf.computeIfAbsent(userId, id -> new HashSet<>())
				.add(event.conversationId()));
	}

	private void unindex(String userId, UUID conversationId) {
		Set<UUID> of = this.conversationsOf.get(userId);
		if (of != null) {
			of.remove(conversationId);
			if (of.isEmpty()) {
				this.conversationsOf.remove(userId);
			}
		}
	}

}
