package chat.receipt.watermark;

import java.util.UUID;

/**
 * A receipt command from a user the membership view does not (yet) show as a member,
 * younger than {@code chat.receipt.watermarks.membership-grace}: retried by the error
 * handler until the membership record arrives or the grace period is over.
 */
class MembershipNotYetKnown extends RuntimeException {

	MembershipNotYetKnown(UUID conversationId, String userId) {
		super("membership of " + userId + " in conversation " + conversationId + " not known yet");
	}

}
