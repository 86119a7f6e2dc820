package chat.client;

import java.time.Instant;
import java.util.UUID;

/**
 * One message as the application shows it.
 *
 * @param conversationId its conversation
 * @param clientMessageId the sender's idempotency key
 * @param messageId the server's id, {@code null} until acked
 * @param seq its place in the conversation (1, 2, 3 …), 0 until acked
 * @param senderId the sender's user id
 * @param text the text (render it as text, never as HTML)
 * @param createdAt when it was stored; for an unacked message, when it was created here
 * @param status where it stands
 * @param error why it failed, for {@link MessageStatus#FAILED}; {@code null} otherwise
 */
public record Message(UUID conversationId, UUID clientMessageId, UUID messageId, long seq, String senderId, String text,
		Instant createdAt, MessageStatus status, ChatError error) {

	Message withStatus(MessageStatus status, ChatError error) {
		return new Message(this.conversationId, this.clientMessageId, this.messageId, this.seq, this.senderId,
				this.text, this.createdAt, status, error);
	}

	@Override
	public String toString() {
		return "Message[" + this.conversationId + "#" + this.seq + " " + this.clientMessageId + " " + this.status + "]";
	}

}
