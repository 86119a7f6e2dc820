package chat.contracts.client;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.message.MessageCreated;

/** {@code message.created} on {@code /topic/conversations/{cid}}. */
public record MessageCreatedFrame(String type, UUID messageId, UUID conversationId, long seq, String senderId,
		UUID clientMessageId, String text, Instant createdAt) {

	public static final String TYPE = "message.created";

	public static MessageCreatedFrame of(MessageCreated event) {
		return new MessageCreatedFrame(TYPE, event.messageId(), event.conversationId(), event.seq(), event.senderId(),
				event.clientMessageId(), event.text(), event.createdAt());
	}

}
