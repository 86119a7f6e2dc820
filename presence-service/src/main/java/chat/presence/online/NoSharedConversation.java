package chat.presence.online;

import chat.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The caller asked for the presence of a user who took part in no conversation of the
 * caller (ADR 10).
 */
public class NoSharedConversation extends ProblemException {

	public NoSharedConversation(String userId) {
		super(HttpStatus.FORBIDDEN, "NOT_MEMBER",
				"no conversation in which user " + userId + " took part is shared with you");
	}

}
