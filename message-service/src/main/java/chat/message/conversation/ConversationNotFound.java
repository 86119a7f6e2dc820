package chat.message.conversation;

import java.util.UUID;

/** The conversation does not exist. */
public class ConversationNotFound extends RuntimeException {

	public ConversationNotFound(UUID conversationId) {
		super("conversation " + conversationId + " not found");
	}

}
