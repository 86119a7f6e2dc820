package chat.client;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * Every message sent and not yet settled, in sending order: queued (waiting for a
 * connection, the conversation's SUBSCRIBE receipt and the ack of the message before it),
 * in flight (waiting for its ack), waiting to retry, or failed. One message per
 * conversation is in flight at a time, so a conversation's messages are stored in the
 * order they were sent.
 *
 * <p>
 * An attempt that gets no ack within 5 s is retried after 1, 2 and 4 s with the same
 * clientMessageId; after the third retry times out the message fails. Only attempts that
 * time out on a live connection count: when the connection drops, in-flight messages go
 * back to the queue with their count unchanged and go out again, in order, after the next
 * SUBSCRIBE receipt. {@code RATE_LIMITED} and {@code OVERLOADED} wait
 * {@code retryAfterMs} (1 s when absent) and do not count; {@code INTERNAL} counts like a
 * timeout; every other rejection fails the message at once. Runs on the client's lane.
 */
final class Outbox {

	static final long ACK_TIMEOUT_MILLIS = 5_000;

	static final long[] RETRY_DELAYS_MILLIS = { 1_000, 2_000, 4_000 };

	static final long DEFAULT_RETRY_AFTER_MILLIS = 1_000;

	static final int ACKED_AFTER_FAILURE_KEPT = 1_000;

	private enum Phase {

		QUEUED, IN_FLIGHT, WAITING, FAILED

	}

	private static final class Entry {

		final PendingMessage message;

		CompletableFuture<SendResult> result = new CompletableFuture<>();

		Phase phase = Phase.QUEUED;

		int timeouts;

		ChatScheduler.Cancellable timer;

		Entry(PendingMessage message) {
			this.message = message;
		}

		UUID conversationId() {
			return this.message.conversationId();
		}

	}

	private final Engine engine;

	private final Lane lane;

	private final OutboxStore store;

	private final Clock clock;

	private final Map<UUID, Entry> entries = new LinkedHashMap<>();

	/**
	 * Acks that arrived after their message had failed (the SDK gave up on a message the
	 * server did store): a retry or a send with the id completes with the ack instead of
	 * failing. The latest {@value #ACKED_AFTER_FAILURE_KEPT}.
	 */
	private final Map<UUID, SendResult> ackedAfterFailure = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, SendResult> eldest) {
			return size() > ACKED_AFTER_FAILURE_KEPT;
		}

	};

	Outbox(Engine engine, Lane lane, OutboxStore store, Clock clock) {
		this.engine = engine;
		this.lane = lane;
		this.store = store;
		this.clock = clock;
	}

	/**
	 * Takes the messages a store kept from an earlier run; returns their conversations.
	 */
	List<PendingMessage> restore() {
		List<PendingMessage> kept = this.store.load();
		for (PendingMessage message : kept) {
			this.entries.putIfAbsent(message.clientMessageId(), new Entry(message));
		}
		return kept;
	}

	/**
	 * Sends a message; {@code result} completes with its ack or its failure. A second
	 * send with an id this client still holds shares the first one's outcome (or retries
	 * it, if it failed).
	 */
	void send(UUID conversationId, UUID clientMessageId, String text, CompletableFuture<SendResult> result) {
		SendResult late = this.ackedAfterFailure.get(clientMessageId);
		if (late != null) {
			result.complete(late);
			return;
		}
		Entry existing = this.entries.get(clientMessageId);
		if (existing != null && existing.phase != Phase.FAILED) {
			forward(existing.result, result);
			return;
		}
		if (existing != null) {
			retry(clientMessageId, result);
			return;
		}
		Entry entry = new Entry(new PendingMessage(conversationId, clientMessageId, text, Instant.now(this.clock)));
		entry.result = result;
		this.entries.put(clientMessageId, entry);
		Conversation conversation = this.engine.conversations.get(conversationId);
		conversation.sending(entry.message);
		if (this.engine.failsFast()) {
			fail(entry, new ChatError(ChatError.NOT_CONNECTED, "the client is " + this.engine.state().status()), false);
			return;
		}
		this.store.put(entry.message);
		pump(conversationId);
	}

	/** Resends a failed message with its id; an unsettled one shares its outcome. */
	void retry(UUID clientMessageId, CompletableFuture<SendResult> result) {
		Entry entry = this.entries.get(clientMessageId);
		SendResult late = this.ackedAfterFailure.get(clientMessageId);
		if (entry == null && late != null) {
			result.complete(late);
			return;
		}
		if (entry == null) {
			result.completeExceptionally(new IllegalArgumentException("no message " + clientMessageId + " to retry"));
			return;
		}
		if (entry.phase != Phase.FAILED) {
			forward(entry.result, result);
			return;
		}
		entry.result = result;
		entry.timeouts = 0;
		entry.phase = Phase.QUEUED;
		this.store.put(entry.message);
		Conversation conversation = this.engine.conversations.get(entry.conversationId());
		if (conversation != null) {
			conversation.sending(entry.message);
		}
		pump(entry.conversationId());
	}

	/**
	 * Sends the conversation's queued messages, in order (after its SUBSCRIBE receipt).
	 */
	void flush(UUID conversationId) {
		pump(conversationId);
	}

	/**
	 * One message in flight per conversation: the oldest unsettled one goes out when the
	 * connection is ready and nothing before it waits, so the server stores a
	 * conversation's messages in the order they were sent, even across retries and rate
	 * limits. Failed ones do not hold the others back.
	 */
	private void pump(UUID conversationId) {
		if (!this.engine.ready(conversationId)) {
			return;
		}
		for (Entry entry : this.entries.values()) {
			if (!entry.conversationId().equals(conversationId) || entry.phase == Phase.FAILED) {
				continue;
			}
			if (entry.phase == Phase.QUEUED) {
				transmit(entry);
			}
			return;
		}
	}

	/** Whether any message is unsettled (queued, in flight or waiting to retry). */
	int unsettled() {
		return (int) this.entries.values().stream().filter(entry -> entry.phase != Phase.FAILED).count();
	}

	private void transmit(Entry entry) {
		PendingMessage message = entry.message;
		boolean sent = this.engine.sendJson("/app/conversations/" + message.conversationId() + "/messages",
				Json.object().put("clientMessageId", message.clientMessageId().toString()).put("text", message.text()));
		if (!sent) {
			entry.phase = Phase.QUEUED;
			return;
		}
		entry.phase = Phase.IN_FLIGHT;
		entry.timer = this.lane.schedule(ACK_TIMEOUT_MILLIS, () -> timedOut(entry));
	}

	private void timedOut(Entry entry) {
		if (entry.phase != Phase.IN_FLIGHT) {
			return;
		}
		entry.timeouts++;
		if (entry.timeouts > RETRY_DELAYS_MILLIS.length) {
			fail(entry, new ChatError(ChatError.TIMEOUT, "no ack after " + entry.timeouts + " attempts"), true);
			return;
		}
		waitThenSend(entry, RETRY_DELAYS_MILLIS[entry.timeouts - 1]);
	}

	private void waitThenSend(Entry entry, long delay) {
		Engine.cancel(entry.timer);
		entry.phase = Phase.WAITING;
		entry.timer = this.lane.schedule(delay, () -> {
			entry.phase = Phase.QUEUED;
			pump(entry.conversationId());
		});
	}

	/** An ack from {@code /user/queue/acks}. */
	void ack(JsonNode body) {
		UUID clientMessageId = Json.uuid(body, "clientMessageId");
		if (clientMessageId == null) {
			return;
		}
		Entry entry = this.entries.get(clientMessageId);
		if ("ACCEPTED".equals(Json.text(body, "status"))) {
			UUID conversationId = Json.uuid(body, "conversationId");
			SendResult result = new SendResult(conversationId, clientMessageId, Json.uuid(body, "messageId"),
					Json.number(body, "seq", 0), Json.instant(body, "createdAt"));
			Conversation conversation = this.engine.conversations.get(conversationId);
			if (conversation != null) {
				conversation.acked(result);
			}
			if (entry != null) {
				if (entry.phase == Phase.FAILED) {
					this.ackedAfterFailure.put(clientMessageId, result);
				}
				Engine.cancel(entry.timer);
				this.entries.remove(clientMessageId);
				this.store.remove(clientMessageId);
				entry.result.complete(result);
				pump(entry.conversationId());
			}
			return;
		}
		if (entry == null || entry.phase == Phase.FAILED) {
			return;
		}
		ChatError error = Json.error(body.get("error"));
		String code = (error != null) ? error.code() : "INTERNAL";
		switch (code) {
			case "RATE_LIMITED", "OVERLOADED" -> {
				long retryAfter = Json.retryAfterMillis(body);
				waitThenSend(entry, (retryAfter >= 0) ? retryAfter : DEFAULT_RETRY_AFTER_MILLIS);
			}
			case "INTERNAL" -> {
				entry.phase = Phase.IN_FLIGHT;
				Engine.cancel(entry.timer);
				timedOut(entry);
			}
			default -> fail(entry, error, false);
		}
	}

	/** The connection dropped: everything unsettled waits for the next one, uncounted. */
	void disconnected() {
		for (Entry entry : this.entries.values()) {
			if (entry.phase == Phase.IN_FLIGHT || entry.phase == Phase.WAITING) {
				Engine.cancel(entry.timer);
				entry.phase = Phase.QUEUED;
			}
		}
	}

	/** The conversation cannot be followed (not a member, unknown): its messages fail. */
	void refused(UUID conversationId, ChatError error) {
		for (Entry entry : new ArrayList<>(this.entries.values())) {
			if (entry.conversationId().equals(conversationId) && entry.phase != Phase.FAILED) {
				fail(entry, error, false);
			}
		}
	}

	/** The client closed: outcomes fail with CLOSED; the store keeps the messages. */
	void closed() {
		for (Entry entry : this.entries.values()) {
			Engine.cancel(entry.timer);
			if (entry.phase != Phase.FAILED) {
				entry.phase = Phase.FAILED;
				entry.result.completeExceptionally(new SendFailedException(entry.message.clientMessageId(),
						new ChatError(ChatError.CLOSED, "the client was closed")));
			}
		}
	}

	private void fail(Entry entry, ChatError error, boolean keepInStore) {
		Engine.cancel(entry.timer);
		entry.phase = Phase.FAILED;
		if (!keepInStore) {
			this.store.remove(entry.message.clientMessageId());
		}
		Conversation conversation = this.engine.conversations.get(entry.conversationId());
		if (conversation != null) {
			conversation.failed(entry.message.clientMessageId(), error);
		}
		entry.result.completeExceptionally(new SendFailedException(entry.message.clientMessageId(), error));
		pump(entry.conversationId());
	}

	private static void forward(CompletableFuture<SendResult> from, CompletableFuture<SendResult> to) {
		from.whenComplete((value, ex) -> {
			if (ex != null) {
				to.completeExceptionally(Engine.unwrap(ex));
			}
			else {
				to.complete(value);
			}
		});
	}

}
