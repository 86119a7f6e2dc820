package chat.contracts.client;

import java.util.UUID;

import chat.contracts.receipt.ReceiptUpdated;

/** {@code receipt.updated} on {@code /topic/conversations/{cid}}. */
public record ReceiptUpdatedFrame(String type, UUID conversationId, String userId, long deliveredUpToSeq,
		long readUpToSeq) {

	public static final String TYPE = "receipt.updated";

	public static ReceiptUpdatedFrame of(ReceiptUpdated event) {
		return new ReceiptUpdatedFrame(TYPE, event.conversationId(), event.userId(), event.deliveredUpToSeq(),
				event.readUpToSeq());
	}

}
