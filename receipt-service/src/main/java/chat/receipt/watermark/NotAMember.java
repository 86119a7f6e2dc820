package chat.receipt.watermark;

import java.util.UUID;

import chat.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/** The caller is not a member of the conversation. */
public class NotAMember extends ProblemException {

	public NotAMember(UUID conversationId) {
		super(HttpStatus.FORBIDDEN, "NOT_MEMBER", "not a member of conversation " + conversationId);
	}

}
