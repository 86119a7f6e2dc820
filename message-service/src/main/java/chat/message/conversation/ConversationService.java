package chat.message.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.message.outbox.Outbox;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates conversations and changes their members. Every membership change writes the new
 * member set to the outbox in the same transaction, so {@code chat.conversations.v1} can
 * never miss or invent a change.
 */
@Service
public class ConversationService {

	static final int MAX_MEMBERS = 1000;

	static final int MAX_TITLE = 200;

	private final Conversations conversations;

	private final Outbox outbox;

	private final Clock clock;

	ConversationService(Conversations conversations, Outbox outbox, Clock clock) {
		this.conversations = conversations;
		this.outbox = outbox;
		this.clock = clock;
	}

	@Transactional
	public Conversation create(String creator, String title, List<String> memberIds) {
		if (title != null && title.length() > MAX_TITLE) {
			throw new InvalidRequest("title is longer than " + MAX_TITLE + " characters");
		}
		Set<String> members = new LinkedHashSet<>();
		members.add(creator);
		for (String memberId : (memberIds != null) ? memberIds : List.<String>of()) {
			members.add(validUserId(memberId));
		}
		if (members.size() > MAX_MEMBERS) {
			throw new InvalidRequest("a conversation has at most " + MAX_MEMBERS + " members");
		}
		UUID id = UUID.randomUUID();
		Instant now = now();
		this.conversations.insert(id, title, creator, now);
		members.forEach(member -> this.conversations.addMember(id, member, now));
		return published(id, now);
	}

	@Transactional(readOnly = true)
	public Conversation get(UUID id, String caller) {
		Conversation conversation = this.conversations.find(id).orElseThrow(() -> new ConversationNotFound(id));
		if (!conversation.hasMember(caller)) {
			throw new NotAMember(id);
		}
		return conversation;
	}

	@Transactional(readOnly = true)
	public List<Conversation> of(String caller) {
		return this.conversations.idsOf(caller).stream().map(id -> this.conversations.find(id).orElseThrow()).toList();
	}

	/** Any member may add someone; adding a member twice changes nothing. */
	@Transactional
	public Conversation addMember(UUID id, String caller, String userId) {
		lockAsMember(id, caller);
		Instant now = now();
		if (this.conversations.addMember(id, validUserId(userId), now)) {
			this.conversations.bumpVersion(id);
			return published(id, now);
		}
		return get(id, caller);
	}

	/**
	 * Members may leave; the creator may also remove anyone. Removing a non-member
	 * changes nothing.
	 */
	@Transactional
	public void removeMember(UUID id, String caller, String userId) {
		Conversation conversation = lockAsMember(id, caller);
		if (!caller.equals(userId) && !caller.equals(conversation.createdBy())) {
			throw new NotAMember(id);
		}
		if (this.conversations.removeMember(id, userId)) {
			this.conversations.bumpVersion(id);
			published(id, now());
		}
	}

	private Conversation lockAsMember(UUID id, String caller) {
		if (!this.conversations.lock(id)) {
			throw new ConversationNotFound(id);
		}
		return get(id, caller);
	}

	private Conversation published(UUID id, Instant now) {
		Conversation conversation = this.conversations.find(id).orElseThrow();
		this.outbox.add(Topics.CONVERSATIONS, new ConversationMembersChanged(UUID.randomUUID(), now, id,
				conversation.version(), conversation.memberIds()));
		return conversation;
	}

	private static String validUserId(String userId) {
		if (userId == null || userId.isBlank() || userId.length() > 255) {
			throw new InvalidRequest("member ids are 1 to 255 characters");
		}
		return userId;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
