package chat.receipt.watermark;

import java.util.UUID;

/** The caller is not a member of the conversation. */
public class NotAMember extends RuntimeException {

	public NotAMember(UUID conversationId) {
		super("not a member of conversation " + conversationId);
	}

}
