package chat.client;

import java.util.List;
import java.util.UUID;

/**
 * Keeps the messages that are not acknowledged yet, so that a client built later (after a
 * restart) sends them again with their ids. A message is added before it is first sent
 * and removed once ACCEPTED or rejected for good; one that failed for want of an ack
 * stays (the server may have stored it; resending is safe).
 *
 * <p>
 * Called on the client's thread, one call at a time: keep calls short (a local file or
 * database write). The default, {@link #inMemory()}, keeps nothing across restarts.
 */
public interface OutboxStore {

	/** Adds or replaces the message with this clientMessageId. */
	void put(PendingMessage message);

	/** Removes the message with this clientMessageId, if kept. */
	void remove(UUID clientMessageId);

	/** Every message kept, in the order they were first put. */
	List<PendingMessage> load();

	/** A store in memory (thread-safe); what a client uses unless told otherwise. */
	static OutboxStore inMemory() {
		return new InMemoryOutboxStore();
	}

}
