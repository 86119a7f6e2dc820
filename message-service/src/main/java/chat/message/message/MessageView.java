package chat.message.message;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.message.MessageCreated;

/**
 * A stored message in history responses: the fields of {@code message.created}, without
 * {@code type}.
 */
record MessageView(UUID messageId, UUID conversationId, long seq, String senderId, UUID clientMessageId, String text,
		Instant createdAt) {

	static MessageView of(MessageCreated message) {
		return new MessageView(message.messageId(), message.conversationId(), message.seq(), message.senderId(),
				message.clientMessageId(), message.text(), message.createdAt());
	}

}
