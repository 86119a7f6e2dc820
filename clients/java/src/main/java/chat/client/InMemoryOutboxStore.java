package chat.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link OutboxStore#inMemory()}: a synchronized insertion-ordered map. */
final class InMemoryOutboxStore implements OutboxStore {

	private final Map<UUID, PendingMessage> messages = new LinkedHashMap<>();

	@Override
	public synchronized void put(PendingMessage message) {
		this.messages.putIfAbsent(message.clientMessageId(), message);
	}

	@Override
	public synchronized void remove(UUID clientMessageId) {
		this.messages.remove(clientMessageId);
	}

	@Override
	public synchronized List<PendingMessage> load() {
		return new ArrayList<>(this.messages.values());
	}

}
