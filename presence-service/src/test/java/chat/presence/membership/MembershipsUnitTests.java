package chat.presence.membership;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import chat.contracts.conversation.ConversationMembersChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may see whose presence (ADR 10), from the member and participant sets. */
class MembershipsUnitTests {

	private static final UUID ROOM = UUID.randomUUID();

	private final Memberships memberships = new Memberships();

	@Test
	void aStrangerAddedToAConversationStaysInvisibleUntilTheyTakePart() {
		this.memberships.apply(members(1, List.of("mallory", "bob"), List.of("mallory")));
		assertThat(this.memberships.presenceVisible("mallory", "bob")).isFalse();
		assertThat(this.memberships.presenceVisible("bob", "mallory")).isTrue();

		this.memberships.apply(members(2, List.of("mallory", "bob"), List.of("bob", "mallory")));
		assertThat(this.memberships.presenceVisible("mallory", "bob")).isTrue();
		assertThat(this.memberships.presenceVisible("bob", "mallory")).isTrue();
	}

	@Test
	void visibilityNeedsTheViewerToBeAMemberNow() {
		this.memberships.apply(members(1, List.of("ann", "ben"), List.of("ann", "ben")));
		assertThat(this.memberships.presenceVisible("sue", "ann")).isFalse();

		this.memberships.apply(members(2, List.of("ann", "sue"), List.of("ann", "ben")));
		assertThat(this.memberships.presenceVisible("ben", "ann")).isFalse();
		assertThat(this.memberships.presenceVisible("sue", "ann")).isTrue();
		// ben left: a participant who is no longer a member is shown to nobody
		assertThat(this.memberships.presenceVisible("sue", "ben")).isFalse();
	}

	@Test
	void aRecordWithoutParticipantsShowsNobody() {
		this.memberships.apply(members(1, List.of("ann", "ben"), List.of()));
		assertThat(this.memberships.presenceVisible("ann", "ben")).isFalse();
		assertThat(this.memberships.presenceVisible("ben", "ann")).isFalse();
	}

	@Test
	void anOlderOrEqualVersionIsIgnored() {
		this.memberships.apply(members(3, List.of("ann", "ben"), List.of("ben")));
		this.memberships.apply(members(2, List.of("ann", "sue"), List.of("sue")));
		this.memberships.apply(members(3, List.of("ann", "sue"), List.of("sue")));
		assertThat(this.memberships.presenceVisible("ann", "ben")).isTrue();
		assertThat(this.memberships.presenceVisible("ann", "sue")).isFalse();
	}

	@Test
	void anEmptyMemberSetRemovesTheConversation() {
		this.memberships.apply(members(1, List.of("ann", "ben"), List.of("ann", "ben")));
		this.memberships.apply(members(2, List.of(), List.of()));
		assertThat(this.memberships.presenceVisible("ann", "ben")).isFalse();
	}

	private static ConversationMembersChanged members(long version, List<String> memberIds,
			List<String> participantIds) {
		return new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), ROOM, version, memberIds,
				participantIds);
	}

}
