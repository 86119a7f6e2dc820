package chat.presence.online;

import chat.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/** A request that breaks a rule the caller can fix; the message says which. */
public class InvalidRequest extends ProblemException {

	public InvalidRequest(String message) {
		super(HttpStatus.BAD_REQUEST, "INVALID", message);
	}

}
