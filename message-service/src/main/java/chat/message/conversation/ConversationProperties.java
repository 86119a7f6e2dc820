package chat.message.conversation;

import chat.contracts.conversation.ConversationMembersChanged;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.message.conversations}.
 *
 * @param maxMembers the most members a conversation may have, the creator included
 * (default 1000, from 2 to {@link ConversationMembersChanged#MAX_MEMBERS}); a create or
 * add beyond it is refused with {@code 409 LIMIT_EXCEEDED}. The upper bound keeps the
 * largest membership record under the topic's record size.
 */
@ConfigurationProperties("chat.message.conversations")
public record ConversationProperties(@DefaultValue("1000") int maxMembers) {

	public ConversationProperties {
		if (maxMembers < 2 || maxMembers > ConversationMembersChanged.MAX_MEMBERS) {
			throw new IllegalArgumentException("chat.message.conversations.max-members must be 2 to "
					+ ConversationMembersChanged.MAX_MEMBERS + ", was " + maxMembers);
		}
	}

}
