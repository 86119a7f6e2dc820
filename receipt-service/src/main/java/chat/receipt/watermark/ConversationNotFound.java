package chat.receipt.watermark;

import java.util.UUID;

/** The conversation is not known to this service (or has no members left). */
public class ConversationNotFound extends RuntimeException {

	public ConversationNotFound(UUID conversationId) {
		super("conversation " + conversationId + " not found");
	}

}
