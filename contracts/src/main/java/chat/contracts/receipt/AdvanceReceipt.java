package chat.contracts.receipt;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ChatRecord;

/**
 * Command on {@link chat.contracts.Topics#RECEIPT_COMMANDS}: a member has received (or
 * read) the conversation up to {@code upToSeq}. Key: conversationId.
 */
public record AdvanceReceipt(UUID commandId, Instant occurredAt, UUID conversationId, String userId, Kind kind,
		long upToSeq) implements ChatRecord {

	public static final String TYPE = "chat.receipt.advance.v1";

	/** Which watermark to move. */
	public enum Kind {

		DELIVERED, READ

	}

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
