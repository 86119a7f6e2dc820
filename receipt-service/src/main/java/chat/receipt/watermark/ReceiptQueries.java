package chat.receipt.watermark;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import chat.receipt.membership.Memberships;

import org.springframework.stereotype.Service;

/** Read side: watermarks of a conversation's members and unread counts, members only. */
@Service
class ReceiptQueries {

	private final Watermarks watermarks;

	private final Memberships memberships;

	ReceiptQueries(Watermarks watermarks, Memberships memberships) {
		this.watermarks = watermarks;
		this.memberships = memberships;
	}

	/**
	 * Every current member's watermarks, by user id; members without a row are at 0/0.
	 * @throws ConversationNotFound when the conversation is unknown or has no members
	 * @throws NotAMember when the caller is not a member
	 */
	List<ReceiptController.MemberReceipt> receipts(UUID conversationId, String caller) {
		Set<String> members = this.memberships.members(conversationId)
			.orElseThrow(() -> new ConversationNotFound(conversationId));
		if (!members.contains(caller)) {
			throw new NotAMember(conversationId);
		}
		Map<String, Watermark> stored = this.watermarks.of(conversationId)
			.stream()
			.collect(Collectors.toMap(Watermark::userId, Function.identity()));
		return members.stream().sorted().map(member -> {
			Watermark row = stored.get(member);
			return (row != null)
					? new ReceiptController.MemberReceipt(member, row.deliveredUpToSeq(), row.readUpToSeq())
					: new ReceiptController.MemberReceipt(member, 0, 0);
		}).toList();
	}

	/** The caller's unread count in each of their conversations, by conversation id. */
	List<ReceiptController.Unread> unread(String caller) {
		return this.watermarks.unread(caller, this.memberships.conversationsOf(caller));
	}

}
