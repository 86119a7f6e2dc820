package chat.contracts.receipt;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * Public event on {@link chat.contracts.Topics#RECEIPTS}: a member's watermarks moved.
 * Both are monotonic and {@code readUpToSeq <= deliveredUpToSeq}. Key: conversationId.
 */
public record ReceiptUpdated(UUID eventId, Instant occurredAt, UUID conversationId, String userId,
		long deliveredUpToSeq, long readUpToSeq) implements ChatRecord {

	public static final String TYPE = "chat.receipt.updated.v1";

	@Override
	public String key() {
		return this.conversationId.toString();
	}

	@Override
	public String type() {
		return TYPE;
	}

}
