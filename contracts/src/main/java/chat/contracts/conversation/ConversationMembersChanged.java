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
 * @param version increases by one with every membership change of this conversation,
 * including a member taking part for the first time
 * @param memberIds every member (token {@code sub}s) after the change, sorted; empty when
 * the conversation is gone
 * @param participantIds the members who have taken part — created the conversation or
 * sent a message in it — sorted, a subset of {@code memberIds}. Only their presence is
 * shared with the other members (ADR 10): someone added by another member is not visible
 * until they take part. Missing (records written before it existed) reads as empty.
 */
public record ConversationMembersChanged(UUID eventId, Instant occurredAt, UUID conversationId, long version,
		List<String> memberIds, List<String> participantIds) implements ChatRecord {

	public static final String TYPE = "chat.conversation.members-changed.v1";

	/**
	 * The longest user id a member may have, in characters: with {@link #MAX_MEMBERS} it
	 * bounds the largest record (see the message service's record-size test).
	 */
	public static final int MAX_USER_ID_LENGTH = 128;

	/**
	 * The most members any conversation may ever have, whatever a deployment configures:
	 * the largest record (every member a participant, every id
	 * {@link #MAX_USER_ID_LENGTH} characters of 3 UTF-8 bytes) stays well under Kafka's
	 * default 1 MiB record limit.
	 */
	public static final int MAX_MEMBERS = 1000;

	public ConversationMembersChanged {
		memberIds = memberIds.stream().distinct().sorted().toList();
		participantIds = (participantIds != null) ? participantIds.stream().distinct().sorted().toList() : List.of();
	}

	/** A member set in which nobody has taken part yet (tests, and older records). */
	public ConversationMembersChanged(UUID eventId, Instant occurredAt, UUID conversationId, long version,
			List<String> memberIds) {
		this(eventId, occurredAt, conversationId, version, memberIds, List.of());
	}

	/**
	 * Whether {@code userId} may be a member: 1 to {@link #MAX_USER_ID_LENGTH} characters
	 * (UTF-16 units), not blank, no control character and no unpaired surrogate (neither
	 * can be in a real token's {@code sub}, and in JSON each would cost 6 bytes).
	 */
	public static boolean validUserId(String userId) {
		return userId != null && !userId.isBlank() && userId.length() <= MAX_USER_ID_LENGTH
				&& userId.codePoints()
					.noneMatch(point -> Character.isISOControl(point)
							|| (point >= Character.MIN_SURROGATE && point <= Character.MAX_SURROGATE));
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
