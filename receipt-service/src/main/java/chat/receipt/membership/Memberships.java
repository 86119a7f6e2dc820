package chat.receipt.membership;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import chat.contracts.conversation.ConversationMembersChanged;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Who is in which conversation: a view of the compacted {@code chat.conversations.v1}
 * topic, read from its start on every start-up, keeping the highest version per
 * conversation. The message service owns membership; this view only lets the receipt
 * service refuse commands of non-members and answer "members only" REST calls without a
 * call to another service.
 *
 * <p>
 * Thread-safe: read by listener and request threads, written by the one membership
 * listener thread. {@link #loaded()} turns true once, when the view has read everything
 * the topic held at start-up.
 */
@Component
public class Memberships {

	private record Members(long version, Set<String> userIds) {
	}

	private final Map<UUID, Members> byConversation = new ConcurrentHashMap<>();

	/**
	 * The reverse index of {@link #byConversation}, for "my conversations" (unread
	 * counts).
	 */
	private final Map<String, Set<UUID>> byUser = new ConcurrentHashMap<>();

	private final ApplicationEventPublisher events;

	private volatile boolean loaded;

	Memberships(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * The members of a conversation; empty when the conversation is unknown or has no
	 * members left.
	 */
	public Optional<Set<String>> members(UUID conversationId) {
		Members known = this.byConversation.get(conversationId);
		return (known != null && !known.userIds().isEmpty()) ? Optional.of(known.userIds()) : Optional.empty();
	}

	public boolean isMember(UUID conversationId, String userId) {
		Members known = this.byConversation.get(conversationId);
		return known != null && known.userIds().contains(userId);
	}

	/** Conversations {@code userId} is a member of. */
	public Set<UUID> conversationsOf(String userId) {
		return Set.copyOf(this.byUser.getOrDefault(userId, Set.of()));
	}

	/**
	 * Whether the view has caught up with what the topic held when this service started.
	 */
	public boolean loaded() {
		return this.loaded;
	}

	/** Number of conversations known. */
	public int size() {
		return this.byConversation.size();
	}

	/**
	 * Takes a membership change into the view unless a change of the same or a higher
	 * version is already there, so redeliveries and replays of the topic are harmless.
	 * Synchronized so that the view and its reverse index change together.
	 */
	public synchronized void apply(ConversationMembersChanged change) {
		Members current = this.byConversation.get(change.conversationId());
		if (current != null && current.version() >= change.version()) {
			return;
		}
		Members next = new Members(change.version(), Set.copyOf(change.memberIds()));
		this.byConversation.put(change.conversationId(), next);
		if (current != null) {
			current.userIds().stream().filter(user -> !next.userIds().contains(user)).forEach(user -> {
				Set<UUID> conversations = this.byUser.get(user);
				if (conversations != null) {
					conversations.remove(change.conversationId());
				}
			});
		}
		next.userIds()
			.forEach(user -> this.byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet())
				.add(change.conversationId()));
	}

	/** Marks the view loaded and announces it, once. */
	void markLoaded() {
		if (!this.loaded) {
			this.loaded = true;
			this.events.publishEvent(new MembershipsLoaded(this.byConversation.size()));
		}
	}

}
