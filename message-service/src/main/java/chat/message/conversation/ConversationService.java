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
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates conversations and changes their members. Every membership change writes the new
 * member set to the outbox in the same transaction, so {@code chat.conversations.v1} can
 * never miss or invent a change.
 */
@Service
public class ConversationService {

	static final int MAX_TITLE = 200;

	private final Conversations conversations;

	private final Outbox outbox;

	private final Clock clock;

	private final int maxMembers;

	ConversationService(Conversations conversations, Outbox outbox, Clock clock, ConversationProperties properties) {
		this.conversations = conversations;
		this.outbox = outbox;
		this.clock = clock;
		this.maxMembers = properties.maxMembers();
	}

	@Transactional
	public Conversation create(String creator, String title, List<String> memberIds) {
		if (title != null && title.length() > MAX_TITLE) {
			throw new InvalidRequest("title is longer than " + MAX_TITLE + " characters");
		}
		Set<String> members = new LinkedHashSet<>();
		members.add(validCreator(creator));
		for (String memberId : (memberIds != null) ? memberIds : List.<String>of()) {
			members.add(validUserId(memberId));
		}
		if (members.size() > this.maxMembers) {
			throw new MemberLimitExceeded(this.maxMembers);
		}
		UUID id = UUID.randomUUID();
		Instant now = now();
		this.conversations.insert(id, title, creator, now);
		members.forEach(member -> this.conversations.addMember(id, member, now));
		// Creating a conversation is taking part in it (ADR 10); the others have not yet.
		this.conversations.markParticipants(List.of(id), List.of(creator), now);
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
		Conversation conversation = lockAsMember(id, caller);
		Instant now = now();
		if (!conversation.hasMember(validUserId(userId)) && conversation.memberIds().size() >= this.maxMembers) {
			throw new MemberLimitExceeded(this.maxMembers);
		}
		if (this.conversations.addMember(id, userId, now)) {
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

	/**
	 * Records that each sender of a message just stored took part in its conversation; a
	 * member's first message bumps the membership version and publishes the member set
	 * with them among the participants (ADR 10). Runs in the storing transaction, which
	 * already holds the conversations' row locks.
	 * @param conversationIds with {@code senderIds}: one pair per stored message
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void tookPart(List<UUID> conversationIds, List<String> senderIds, Instant now) {
		for (UUID id : this.conversations.markParticipants(conversationIds, senderIds, now)) {
			this.conversations.bumpVersion(id);
			published(id, now);
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
				conversation.version(), conversation.memberIds(), conversation.participantIds()));
		return conversation;
	}

	private static String validUserId(String userId) {
		if (!ConversationMembersChanged.validUserId(userId)) {
			throw new InvalidRequest("member ids are 1 to " + ConversationMembersChanged.MAX_USER_ID_LENGTH
					+ " characters, without control characters");
		}
		return userId;
	}

	/** The caller's token {@code sub} must be a valid member id too. */
	private static String validCreator(String creator) {
		if (!ConversationMembersChanged.validUserId(creator)) {
			throw new InvalidRequest("your user id (the token's sub) is not a valid member id: 1 to "
					+ ConversationMembersChanged.MAX_USER_ID_LENGTH + " characters, without control characters");
		}
		return creator;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
