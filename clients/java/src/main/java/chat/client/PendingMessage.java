package chat.client;

import java.time.Instant;
import java.util.UUID;

/**
 * A message the client has taken but the server has not acknowledged: what an
 * {@link OutboxStore} keeps.
 *
 * @param conversationId its conversation
 * @param clientMessageId its idempotency key
 * @param text its text
 * @param createdAt when the application sent it
 */
public record PendingMessage(UUID conversationId, UUID clientMessageId, String text, Instant createdAt) {
}
