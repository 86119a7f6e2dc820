package chat.client;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A send, returned at once: its id (to find the message in the conversation's snapshots)
 * and its outcome. {@code result} completes on the client's thread with the ACCEPTED ack,
 * or exceptionally with a {@link SendFailedException}; use the {@code *Async} methods for
 * blocking work.
 *
 * @param clientMessageId the message's idempotency key, created once
 * @param result the outcome
 */
public record SendHandle(UUID clientMessageId, CompletableFuture<SendResult> result) {
}
