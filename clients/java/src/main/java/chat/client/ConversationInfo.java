package chat.client;

import java.util.List;
import java.util.UUID;

/**
 * A conversation as the message service describes it.
 *
 * @param id its id
 * @param title its title, may be {@code null}
 * @param createdBy the user who created it
 * @param lastSeq the seq of its newest message (0 when empty)
 * @param memberIds its members
 */
public record ConversationInfo(UUID id, String title, String createdBy, long lastSeq, List<String> memberIds) {

	public ConversationInfo {
		memberIds = List.copyOf(memberIds);
	}

}
