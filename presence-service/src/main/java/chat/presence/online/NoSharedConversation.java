package chat.presence.online;

import chat.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/** The caller asked for the presence of a user they share no conversation with. */
public class NoSharedConversation extends ProblemException {

	public NoSharedConversation(String userId) {
		super(HttpStatus.FORBIDDEN, "NOT_MEMBER", "no shared conversation with user " + userId);
	}

}
