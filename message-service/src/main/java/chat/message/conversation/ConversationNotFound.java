package chat.message.conversation;

import java.util.UUID;

import chat.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/** The conversation does not exist. */
public class ConversationNotFound extends ProblemException {

	public ConversationNotFound(UUID conversationId) {
		super(HttpStatus.NOT_FOUND, "NOT_FOUND", "conversation " + conversationId + " not found");
	}

}
