package chat.receipt.watermark;

import java.util.List;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Receipts and unread counts of the caller (the token's {@code sub}). */
@RestController
@RequestMapping("/api")
class ReceiptController {

	private final ReceiptQueries queries;

	ReceiptController(ReceiptQueries queries) {
		this.queries = queries;
	}

	/** One member's watermarks in one conversation. */
	record MemberReceipt(String userId, long deliveredUpToSeq, long readUpToSeq) {
	}

	/**
	 * The caller's position in one conversation.
	 *
	 * @param unread {@code lastSeq - readUpToSeq}: messages after the caller's read
	 * watermark
	 */
	record Unread(UUID conversationId, long lastSeq, long readUpToSeq, long unread) {

		static Unread of(UUID conversationId, long lastSeq, long readUpToSeq) {
			return new Unread(conversationId, lastSeq, readUpToSeq, Math.max(0, lastSeq - readUpToSeq));
		}

	}

	@GetMapping("/conversations/{id}/receipts")
	List<MemberReceipt> receipts(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id) {
		return this.queries.receipts(id, caller.getSubject());
	}

	@GetMapping("/unread")
	List<Unread> unread(@AuthenticationPrincipal Jwt caller) {
		return this.queries.unread(caller.getSubject());
	}

}
