package chat.message.message;

import java.util.List;
import java.util.UUID;

import chat.message.conversation.ConversationService;
import chat.message.conversation.InvalidRequest;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Message history, always ascending by seq. {@code afterSeq=N} pages forward (catch-up:
 * the same call after two seconds or two weeks offline); {@code beforeSeq=N} returns the
 * newest messages older than N.
 */
@RestController
class HistoryController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private final ConversationService conversations;

	private final History history;

	HistoryController(ConversationService conversations, History history) {
		this.conversations = conversations;
		this.history = history;
	}

	/**
	 * @param hasMore whether another page exists in the direction of the query
	 */
	record Page(List<MessageView> messages, boolean hasMore) {
	}

	@GetMapping("/api/conversations/{id}/messages")
	Page messages(@AuthenticationPrincipal Jwt caller, @PathVariable UUID id,
			@RequestParam(required = false) Long afterSeq, @RequestParam(required = false) Long beforeSeq,
			@RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
		if (afterSeq != null && beforeSeq != null) {
			throw new InvalidRequest("give afterSeq or beforeSeq, not both");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidRequest("limit is 1 to " + MAX_LIMIT);
		}
		if ((afterSeq != null && afterSeq < 0) || (beforeSeq != null && beforeSeq < 1)) {
			throw new InvalidRequest("afterSeq is >= 0 and beforeSeq >= 1");
		}
		this.conversations.get(id, caller.getSubject());
		return (beforeSeq != null) ? this.history.before(id, beforeSeq, limit)
				: this.history.after(id, (afterSeq != null) ? afterSeq : 0, limit);
	}

}
