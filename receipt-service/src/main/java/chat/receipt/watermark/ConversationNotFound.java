package chat.receipt.watermark;

import java.util.UUID;

import chat.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/** The conversation is not known to this service (or has no members left). */
public class ConversationNotFound extends ProblemException {

	public ConversationNotFound(UUID conversationId) {
		super(HttpStatus.NOT_FOUND, "NOT_FOUND", "conversation " + conversationId + " not found");
	}

}
