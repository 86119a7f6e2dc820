package chat.presence.membership;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import chat.contracts.conversation.ConversationMembersChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipsUnitTests {

	private static final UUID ROOM = UUID.randomUUID();

	private final Memberships memberships = new Memberships();

	@Test
	void usersShareAConversationWhileBothAreMembers() {
		this.memberships.apply(members(1, "ann", "ben"));
		assertThat(this.memberships.shareAConversation("ann", "ben")).isTrue();
		assertThat(this.memberships.shareAConversation("ben", "ann")).isTrue();
		assertThat(this.memberships.shareAConversation("ann", "sue")).isFalse();

		this.memberships.apply(members(2, "ann", "sue"));
		assertThat(this.memberships.shareAConversation("ann", "ben")).isFalse();
		assertThat(this.memberships.shareAConversation("ann", "sue")).isTrue();
	}

	@Test
	void anOlderOrEqualVersionIsIgnored() {
		this.memberships.apply(members(3, "ann", "ben"));
		this.memberships.apply(members(2, "ann", "sue"));
		this.memberships.apply(members(3, "ann", "sue"));
		assertThat(this.memberships.shareAConversation("ann", "ben")).isTrue();
		assertThat(this.memberships.shareAConversation("ann", "sue")).isFalse();
	}

	@Test
	void anEmptyMemberSetRemovesTheConversation() {
		this.memberships.apply(members(1, "ann", "ben"));
		this.memberships.apply(members(2));
		assertThat(this.memberships.shareAConversation("ann", "ben")).isFalse();
	}

	private static ConversationMembersChanged members(long version, String... memberIds) {
		return new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), ROOM, version, List.of(memberIds));
	}

}
