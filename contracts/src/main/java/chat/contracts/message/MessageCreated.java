package chat.contracts.message;

import java.time.Instant;
import java.util.UUID;

/**
 * Public event on {@link chat.contracts.Topics#MESSAGES}: a message is committed in
 * PostgreSQL. Emitted again, identical, whenever the same send is retried or redelivered,
 * so {@code ce_id} is the {@code messageId} and {@code ce_time} the {@code createdAt}.
 *
 * @param seq 1, 2, 3 … within the conversation, without gaps
 * @param createdAt commit time, millisecond precision
 */
public record MessageCreated(UUID messageId, UUID conversationId, long seq, String senderId, UUID clientMessageId,
		String text, Instant createdAt) implements MessageEvent {

	public static final String TYPE = "chat.message.created.v1";

	@Override
	public UUID eventId() {
		return this.messageId;
	}

	@Override
	public Instant occurredAt() {
		return this.createdAt;
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
