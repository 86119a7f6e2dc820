package chat.client;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The REST calls the client makes (message and receipt services). Every call takes the
 * token to send; a 401 fails the future with {@link Unauthorized}.
 */
interface ChatApi {

	CompletableFuture<ConversationInfo> conversation(UUID conversationId, String token);

	CompletableFuture<ConversationInfo> createConversation(String title, List<String> memberIds, String token);

	/** Messages with seq > {@code afterSeq}, ascending. */
	CompletableFuture<Page> messagesAfter(UUID conversationId, long afterSeq, int limit, String token);

	/** The newest messages with seq < {@code beforeSeq}, ascending. */
	CompletableFuture<Page> messagesBefore(UUID conversationId, long beforeSeq, int limit, String token);

	/** Every member's watermarks; empty when no receipt service is configured. */
	CompletableFuture<List<Watermark>> receipts(UUID conversationId, String token);

	/** A page of history. */
	record Page(List<Message> messages, boolean hasMore) {
	}

	/** One member's receipt watermarks. */
	record Watermark(String userId, long deliveredUpToSeq, long readUpToSeq) {
	}

	/** The server answered 401: the token is no longer good. */
	final class Unauthorized extends RuntimeException {

		Unauthorized() {
			super("401 Unauthorized");
		}

	}

	/** Any other answer than 2xx. */
	final class Failed extends RuntimeException {

		private final int status;

		Failed(int status, String code) {
			super(status + " " + code);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
