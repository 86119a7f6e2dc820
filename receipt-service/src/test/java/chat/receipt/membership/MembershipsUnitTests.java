package chat.receipt.membership;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import chat.contracts.conversation.ConversationMembersChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The membership view keeps the highest version per conversation, whatever order records
 * arrive in.
 */
class MembershipsUnitTests {

	private final List<Object> announced = new ArrayList<>();

	private final Memberships memberships = new Memberships(this.announced::add);

	private final UUID conversation = UUID.randomUUID();

	@Test
	void higherVersionReplacesTheMembers() {
		this.memberships.apply(change(1, "alice", "bob"));
		this.memberships.apply(change(2, "alice", "carol"));

		assertThat(this.memberships.members(this.conversation)).contains(Set.of("alice", "carol"));
		assertThat(this.memberships.isMember(this.conversation, "bob")).isFalse();
		assertThat(this.memberships.conversationsOf("bob")).isEmpty();
		assertThat(this.memberships.conversationsOf("carol")).containsExactly(this.conversation);
	}

	@Test
	void olderOrRepeatedVersionIsIgnored() {
		this.memberships.apply(change(2, "alice", "carol"));
		this.memberships.apply(change(1, "alice", "bob"));
		this.memberships.apply(change(2, "mallory"));

		assertThat(this.memberships.members(this.conversation)).contains(Set.of("alice", "carol"));
		assertThat(this.memberships.conversationsOf("bob")).isEmpty();
		assertThat(this.memberships.conversationsOf("mallory")).isEmpty();
	}

	@Test
	void conversationWithoutMembersIsUnknown() {
		this.memberships.apply(change(1, "alice"));
		this.memberships.apply(change(2));

		assertThat(this.memberships.members(this.conversation)).isEmpty();
		assertThat(this.memberships.members(UUID.randomUUID())).isEmpty();
		assertThat(this.memberships.conversationsOf("alice")).isEmpty();
	}

	@Test
	void loadedIsAnnouncedOnce() {
		this.memberships.apply(change(1, "alice"));

		assertThat(this.memberships.loaded()).isFalse();
		this.memberships.markLoaded();
		this.memberships.markLoaded();

		assertThat(this.memberships.loaded()).isTrue();
		assertThat(this.announced).containsExactly(new MembershipsLoaded(1));
	}

	private ConversationMembersChanged change(long version, String... members) {
		return new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), this.conversation, version,
				List.of(members));
	}

}
