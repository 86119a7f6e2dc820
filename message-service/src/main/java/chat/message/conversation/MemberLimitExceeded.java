package chat.message.conversation;

import chat.contracts.ErrorCode;
import chat.platform.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * A create or add that would give a conversation more than
 * {@code chat.message.conversations.max-members} members: {@code 409 LIMIT_EXCEEDED} (the
 * conversation's state, its size, conflicts with the request).
 */
class MemberLimitExceeded extends ProblemException {

	MemberLimitExceeded(int maxMembers) {
		super(HttpStatus.CONFLICT, ErrorCode.LIMIT_EXCEEDED.name(),
				"a conversation has at most " + maxMembers + " members");
	}

}
