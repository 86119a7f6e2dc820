package chat.receipt.watermark;

import java.util.UUID;

/**
 * One member's watermarks in one conversation, as stored:
 * {@code 0 <= readUpToSeq <= deliveredUpToSeq <=} the conversation's last seq known to
 * this service.
 */
record Watermark(UUID conversationId, String userId, long deliveredUpToSeq, long readUpToSeq) {
}
