package chat.contracts.message;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * Command on {@link chat.contracts.Topics#MESSAGE_COMMANDS}: a user asks to send a text.
 * Written by the edge after validation; the message service stores it at most once per
 * {@code (senderId, clientMessageId)}.
 *
 * @param commandId unique per edge receipt of a frame (a client retry gets a new one)
 * @param occurredAt when the edge received the frame
 * @param conversationId the target conversation
 * @param senderId the token's {@code sub}
 * @param clientMessageId the client's idempotency key
 * @param text NFC-normalised, 1–1000 code points
 */
public record SendMessage(UUID commandId, Instant occurredAt, UUID conversationId, String senderId,
		UUID clientMessageId, String text) implements ChatRecord {

	public static final String TYPE = "chat.message.send.v1";

	@Override
	public UUID eventId() {
		return this.commandId;
	}

	@Override
	public String key() {
		return this.conversationId.toString();
	}

	@Override
	public String type() {
		return TYPE;
	}

}
