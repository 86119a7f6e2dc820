package chat.connection.membership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import java.util.stream.Collectors;

import chat.connection.platform.EdgeProperties;
import chat.connection.session.StompUser;
import chat.contracts.conversation.ConversationMembersChanged;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Who is in which conversation, as far as this edge node knows: a cache fed by the
 * compacted {@code chat.conversations.v1} topic (read from the start at every start-up),
 * keeping the highest version per conversation. When the cache does not show a user as a
 * member, the message service is asked with the user's own token before denying, so a
 * conversation created a millisecond ago works at once. An id the message service does
 * not know is remembered as unknown for {@code chat.edge.unknown-conversation-ttl} (at
 * most {@value #MAX_UNKNOWN} ids), so a client probing random ids costs one look-up per
 * id, not one per frame; ids are created by the message service, so an id once unknown
 * cannot become a conversation a moment later, and a membership event clears it anyway.
 *
 * <p>
 * Thread-safe; entries are immutable and replaced atomically.
 */
@Component
public class Memberships {

	/** Outcome of a membership check. */
	public enum Check {

		MEMBER, NOT_MEMBER, NOT_FOUND, UNAVAILABLE

	}

	/**
	 * @param participantIds the members who took part, whose presence is shared (ADR 10)
	 */
	record Members(long version, Set<String> userIds, Set<String> participantIds) {
	}

	static final int MAX_UNKNOWN = 10_000;

	private final Map<UUID, Members> cache = new ConcurrentHashMap<>();

	/** Ids the message service did not know, with when to forget that. */
	private final Map<UUID, Instant> unknown = new ConcurrentHashMap<>();

	/** The reverse index of {@link #cache}, for events about a user (presence). */
	private final Map<String, Set<UUID>> byUser = new ConcurrentHashMap<>();

	private final MessageServiceClient messageService;

	private final ApplicationEventPublisher events;

	private final Duration unknownTtl;

	private final Clock clock;

	Memberships(MessageServiceClient messageService, ApplicationEventPublisher events, EdgeProperties properties,
			Clock clock) {
		this.messageService = messageService;
		this.events = events;
		this.unknownTtl = properties.unknownConversationTtl();
		this.clock = clock;
	}

	/** Users who were members of a conversation and no longer are. */
	public record MembersRemoved(UUID conversationId, Set<String> userIds) {
	}

	/**
	 * Members who took part in a conversation for the first time: from now on its members
	 * see their presence (ADR 10).
	 */
	public record ParticipantsAdded(UUID conversationId, Set<String> userIds) {
	}

	public Check check(UUID conversationId, StompUser user) {
		Members known = this.cache.get(conversationId);
		if (known != null && known.userIds().contains(user.getName())) {
			return Check.MEMBER;
		}
		if (known == null && knownUnknown(conversationId)) {
			return Check.NOT_FOUND;
		}
		MessageServiceClient.Answer answer = this.messageService.conversation(conversationId, user.token());
		if (answer instanceof MessageServiceClient.Found found) {
			update(conversationId, found.version(), found.memberIds(), found.participantIds());
			return found.memberIds().contains(user.getName()) ? Check.MEMBER : Check.NOT_MEMBER;
		}
		return switch ((MessageServiceClient.Refused) answer) {
			case FORBIDDEN -> Check.NOT_MEMBER;
			case NOT_FOUND -> {
				rememberUnknown(conversationId);
				yield Check.NOT_FOUND;
			}
			case UNAVAILABLE -> Check.UNAVAILABLE;
		};
	}

	private boolean knownUnknown(UUID conversationId) {
		Instant forgetAt = this.unknown.get(conversationId);
		if (forgetAt == null) {
			return false;
		}
		if (this.clock.instant().isBefore(forgetAt)) {
			return true;
		}
		this.unknown.remove(conversationId, forgetAt);
		return false;
	}

	private void rememberUnknown(UUID conversationId) {
		if (this.unknown.size() >= MAX_UNKNOWN) {
			Instant now = this.clock.instant();
			this.unknown.values().removeIf(forgetAt -> !now.isBefore(forgetAt));
		}
		if (this.unknown.size() < MAX_UNKNOWN) {
			this.unknown.put(conversationId, this.clock.instant().plus(this.unknownTtl));
		}
	}

	/** Members known for {@code conversationId}, empty when unknown. */
	public Set<String> members(UUID conversationId) {
		Members known = this.cache.get(conversationId);
		return (known != null) ? known.userIds() : Set.of();
	}

	/**
	 * Members of {@code conversationId} who took part in it — the only ones whose
	 * presence its members may see (ADR 10); empty when unknown.
	 */
	public Set<String> participants(UUID conversationId) {
		Members known = this.cache.get(conversationId);
		return (known != null) ? known.participantIds() : Set.of();
	}

	/** Conversations {@code userId} is known to be a member of. */
	public Set<UUID> conversationsOf(String userId) {
		return Set.copyOf(this.byUser.getOrDefault(userId, Set.of()));
	}

	void apply(ConversationMembersChanged event) {
		update(event.conversationId(), event.version(), event.memberIds(), event.participantIds());
	}

	/** Synchronized so that the cache and its reverse index change together. */
	private synchronized void update(UUID conversationId, long version, List<String> memberIds,
			List<String> participantIds) {
		Members current = this.cache.get(conversationId);
		if (current != null && current.version() >= version) {
			return;
		}
		Members next = new Members(version, Set.copyOf(memberIds), Set.copyOf(participantIds));
		this.cache.put(conversationId, next);
		this.unknown.remove(conversationId);
		Set<String> removed = (current != null) ? current.userIds()
			.stream()
			.filter(user -> !next.userIds().contains(user))
			.collect(Collectors.toUnmodifiableSet()) : Set.of();
		removed.forEach(user -> {
			Set<UUID> conversations = this.byUser.get(user);
			if (conversations != null) {
				conversations.remove(conversationId);
			}
		});
		next.userIds()
			.forEach(user -> this.byUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(conversationId));
		if (!removed.isEmpty()) {
			this.events.publishEvent(new MembersRemoved(conversationId, removed));
		}
		Set<String> newParticipants = next.participantIds()
			.stream()
			.filter(user -> current == null || !current.participantIds().contains(user))
			.collect(Collectors.toUnmodifiableSet());
		if (!newParticipants.isEmpty()) {
			this.events.publishEvent(new ParticipantsAdded(conversationId, newParticipants));
		}
	}

}
