package chat.client;

import java.time.Instant;
import java.util.UUID;

/**
 * An ACCEPTED ack: the message is stored. A resend with the same clientMessageId gets the
 * same messageId, seq and createdAt.
 *
 * @param conversationId the conversation
 * @param clientMessageId the id the client sent
 * @param messageId the server's id
 * @param seq the message's seq in its conversation
 * @param createdAt when it was stored
 */
public record SendResult(UUID conversationId, UUID clientMessageId, UUID messageId, long seq, Instant createdAt) {
}
