package chat.contracts.conversation;

import chat.contracts.ChatJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationMembersChangedUnitTests {

	@Test
	void aRecordWrittenBeforeParticipantsExistedReadsAsNobodyTookPart() {
		ConversationMembersChanged old = ChatJson.mapper().readValue("""
				{"eventId":"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f","occurredAt":"2026-11-26T10:00:00Z",
				"conversationId":"7d1c4e0a-3b5f-4c2e-9a61-2f0b8e4d9c11","version":2,"memberIds":["bob","alice"]}
				""", ConversationMembersChanged.class);

		assertThat(old.memberIds()).containsExactly("alice", "bob");
		assertThat(old.participantIds()).isEmpty();
	}

	@Test
	void userIdsAreOneTo128CharactersWithoutControlCharacters() {
		assertThat(ConversationMembersChanged.validUserId("a")).isTrue();
		assertThat(ConversationMembersChanged.validUserId("auth0|5f7c8ec7c33c6c004bbafe82")).isTrue();
		assertThat(ConversationMembersChanged.validUserId("é".repeat(128))).isTrue();
		assertThat(ConversationMembersChanged.validUserId("x".repeat(129))).isFalse();
		assertThat(ConversationMembersChanged.validUserId("")).isFalse();
		assertThat(ConversationMembersChanged.validUserId("  ")).isFalse();
		assertThat(ConversationMembersChanged.validUserId(null)).isFalse();
		assertThat(ConversationMembersChanged.validUserId("bob\u0000")).isFalse();
		assertThat(ConversationMembersChanged.validUserId("bob\nadmin")).isFalse();
		assertThat(ConversationMembersChanged.validUserId("bob\uD83D")).isFalse();
		assertThat(ConversationMembersChanged.validUserId("bob\uD83D\uDE00")).isTrue();
	}

}
