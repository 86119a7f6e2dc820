package chat.presence.membership;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import chat.contracts.conversation.ConversationMembersChanged;

import org.springframework.stereotype.Component;

/**
 * Who shares a conversation with whom, and who took part in which: the member and
 * participant sets of {@code chat.conversations.v1} (read from the beginning on every
 * start), keeping the highest version per conversation, indexed by user. Eventually
 * consistent with the message service: a membership change shows here once the relay has
 * published it and this instance has consumed it (normally well under a second).
 *
 * <p>
 * Thread-safe: written by the membership listener thread, read by request threads; all
 * access holds this object's monitor (the operations are map look-ups).
 */
@Component
public class Memberships {

	private record Members(long version, Set<String> userIds, Set<String> participantIds) {
	}

	private final Map<UUID, Members> conversations = new HashMap<>();

	private final Map<String, Set<UUID>> conversationsOf = new HashMap<>();

	/**
	 * Whether {@code viewer} may see {@code subject}'s presence (ADR 10): the subject
	 * took part (created it or sent a message) in a conversation of which the viewer is a
	 * member. Being added by someone else is not taking part.
	 */
	public synchronized boolean presenceVisible(String viewer, String subject) {
		for (UUID conversationId : this.conversationsOf.getOrDefault(viewer, Set.of())) {
			if (this.conversations.get(conversationId).participantIds().contains(subject)) {
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
		Set<String> members = Set.copyOf(event.memberIds());
		// participants are members; a record that says otherwise cannot widen visibility
		Set<String> participants = event.participantIds()
			.stream()
			.filter(members::contains)
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
		this.conversations.put(event.conversationId(), new Members(event.version(), members, participants));
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
