package chat.client;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * One conversation this client follows: subscribed on every connection, caught up by seq
 * after each (re)connect and each gap, with its messages in display order, their states,
 * who is typing and the members' presence. Get one from
 * {@link ChatClient#conversation(UUID)}.
 *
 * <p>
 * Thread-safe: every method may be called from any thread; the work runs on the client's
 * thread. Listeners run on the executor given with them (the client's thread when none is
 * given: do not block it).
 */
public final class Conversation {

	/** Stored messages kept per conversation; older ones are paged on demand. */
	static final int CAPACITY = 100;

	/** History page size of catch-up. */
	static final int PAGE_SIZE = 200;

	/** {@code typing: true} is sent at most this often while typing. */
	static final long TYPING_REFRESH_MILLIS = 2_000;

	/** {@code typing: false} follows this long after the last keystroke. */
	static final long TYPING_IDLE_MILLIS = 2_000;

	/**
	 * Remote typers are dropped locally this long after the last {@code typing.updated}
	 * (a safety net: the server expires typers itself and publishes only changes).
	 */
	static final long REMOTE_TYPING_EXPIRY_MILLIS = 10_000;

	/** Delivered and read frames go out at most this often per conversation. */
	static final long WATERMARK_INTERVAL_MILLIS = 1_000;

	/** Wait before a failed catch-up is tried again. */
	static final long CATCH_UP_RETRY_MILLIS = 2_000;

	private final UUID id;

	private final Engine engine;

	private final Lane lane;

	private final long startAfter;

	private final Timeline timeline;

	private final Receipts receipts;

	private final Map<String, Presence> presence = new HashMap<>();

	private final List<Listening<ConversationSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private final List<Listening<Message>> messageListeners = new CopyOnWriteArrayList<>();

	private volatile ConversationSnapshot snapshot;

	// lane only
	private String subscriptionId;

	private boolean subscribed;

	private boolean catchingUp;

	private boolean catchUpAgain;

	private ChatScheduler.Cancellable catchUpTimer;

	private ChatError error;

	private boolean presenceStale = true;

	private Set<String> typers = Set.of();

	private ChatScheduler.Cancellable typersExpiry;

	private boolean typingSent;

	private long typingStartedAt;

	private ChatScheduler.Cancellable typingIdle;

	private final Watermark delivered = new Watermark("delivered");

	private final Watermark read = new Watermark("read");

	Conversation(UUID id, Engine engine, long startAfter) {
		this.id = id;
		this.engine = engine;
		this.lane = engine.lane();
		this.startAfter = startAfter;
		this.timeline = new Timeline(id, engine::userId, CAPACITY);
		this.receipts = new Receipts(engine::userId);
		this.snapshot = new ConversationSnapshot(id, List.of(), false, 0, false, Set.of(), Map.of(), true, null);
	}

	public UUID id() {
		return this.id;
	}

	// --- public API (any thread) ---

	/**
	 * Sends a message with a new clientMessageId. It shows at once as
	 * {@link MessageStatus#SENDING}; while not connected it waits in the queue and goes
	 * out after the reconnect. Stops the typing indicator.
	 */
	public SendHandle send(String text) {
		return send(UUID.randomUUID(), text);
	}

	/**
	 * Sends a message with the application's own clientMessageId (for example one kept
	 * across restarts): a resend of an id the server has stored returns the original ack.
	 * An id this client still holds shares that send's outcome.
	 */
	public SendHandle send(UUID clientMessageId, String text) {
		CompletableFuture<SendResult> result = new CompletableFuture<>();
		this.lane.execute(() -> {
			stopTypingNow();
			this.engine.outbox.send(this.id, clientMessageId, text, result);
		});
		return new SendHandle(clientMessageId, result);
	}

	/** Resends a failed message with its id. */
	public SendHandle retry(UUID clientMessageId) {
		CompletableFuture<SendResult> result = new CompletableFuture<>();
		this.lane.execute(() -> this.engine.outbox.retry(clientMessageId, result));
		return new SendHandle(clientMessageId, result);
	}

	/**
	 * Call on every keystroke: sends {@code typing: true} at most every 2 s while the
	 * user types and {@code typing: false} 2 s after the last keystroke, on send and
	 * (implicitly, by the server) on disconnect.
	 */
	public void typing() {
		this.lane.execute(this::keystroke);
	}

	/** The user stopped typing (left the input, cleared it). */
	public void stopTyping() {
		this.lane.execute(this::stopTypingNow);
	}

	/** The user has seen every message up to {@code upToSeq}. */
	public void markRead(long upToSeq) {
		this.lane.execute(() -> {
			this.read.want(Math.min(upToSeq, this.timeline.lastSeq()));
		});
	}

	/** The user has seen every message received so far. */
	public void markRead() {
		this.lane.execute(() -> this.read.want(this.timeline.lastSeq()));
	}

	/**
	 * Up to {@code limit} messages older than the oldest one kept, ascending; they are
	 * returned, not kept (at most 100 messages stay in memory).
	 */
	public CompletableFuture<List<Message>> loadOlder(int limit) {
		CompletableFuture<List<Message>> result = new CompletableFuture<>();
		this.lane.execute(() -> {
			long before = this.timeline.oldestSeq();
			if (before <= 1) {
				result.complete(List.of());
				return;
			}
			this.engine.rest(token -> this.engine.api().messagesBefore(this.id, before, limit, token))
				.whenComplete((page, ex) -> {
					if (ex != null) {
						result.completeExceptionally(ex);
					}
					else {
						result.complete(page.messages().stream().map(this::withStatus).toList());
					}
				});
		});
		return result;
	}

	/** What to show now. */
	public ConversationSnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Calls {@code listener} with the current snapshot and after every change, on
	 * {@code executor} (use a single-threaded one to keep the order).
	 */
	public Registration addListener(Consumer<ConversationSnapshot> listener, Executor executor) {
		Listening<ConversationSnapshot> listening = new Listening<>(listener, executor);
		this.listeners.add(listening);
		this.lane.execute(() -> listening.deliver(this.snapshot));
		return () -> this.listeners.remove(listening);
	}

	/** {@link #addListener(Consumer, Executor)} on the client's thread. */
	public Registration addListener(Consumer<ConversationSnapshot> listener) {
		return addListener(listener, Runnable::run);
	}

	/**
	 * Calls {@code listener} once for every stored message, in seq order without gaps, as
	 * it becomes visible (live, from catch-up or from a gap fetch), on {@code executor}.
	 * Only messages after the starting point are delivered.
	 */
	public Registration onMessage(Consumer<Message> listener, Executor executor) {
		Listening<Message> listening = new Listening<>(listener, executor);
		this.messageListeners.add(listening);
		return () -> this.messageListeners.remove(listening);
	}

	/** {@link #onMessage(Consumer, Executor)} on the client's thread. */
	public Registration onMessage(Consumer<Message> listener) {
		return onMessage(listener, Runnable::run);
	}

	/** Stops following the conversation (unsubscribes). */
	public void close() {
		this.lane.execute(() -> {
			stopTypingNow();
			closed();
			this.engine.closed(this);
		});
	}

	// --- from the engine (lane) ---

	String subscriptionId() {
		return this.subscriptionId;
	}

	boolean subscribed() {
		return this.subscribed;
	}

	void subscribing(String subscriptionId) {
		this.subscriptionId = subscriptionId;
		this.subscribed = false;
	}

	/** The SUBSCRIBE receipt arrived: events flow from now on. */
	void subscribed(boolean value) {
		this.subscribed = value;
		if (value) {
			this.error = null;
			this.presenceStale = false;
			catchUp();
			this.delivered.flush();
			this.read.flush();
			publish();
		}
	}

	void subscriptionRefused(ChatError refusal) {
		this.subscribed = false;
		this.subscriptionId = null;
		if ("INTERNAL".equals(refusal.code())) {
			// The edge could not check membership; ask again.
			this.lane.schedule(CATCH_UP_RETRY_MILLIS, () -> {
				if (this.engine.connected() && !this.subscribed) {
					this.engine.opened(this);
				}
			});
			return;
		}
		this.error = refusal;
		this.engine.outbox.refused(this.id, refusal);
		publish();
	}

	void disconnected() {
		this.subscribed = false;
		this.subscriptionId = null;
		this.presenceStale = true;
		this.typingSent = false;
		Engine.cancel(this.typingIdle);
		Engine.cancel(this.catchUpTimer);
		clearTypers();
		this.delivered.disconnected();
		this.read.disconnected();
		publish();
	}

	void closed() {
		this.subscribed = false;
		Engine.cancel(this.typingIdle);
		Engine.cancel(this.catchUpTimer);
		Engine.cancel(this.typersExpiry);
		this.delivered.disconnected();
		this.read.disconnected();
	}

	void sending(PendingMessage message) {
		this.timeline.sending(message.clientMessageId(), message.text(), message.createdAt());
		publish();
	}

	void acked(SendResult result) {
		this.timeline.acked(result);
		if (result.seq() > this.timeline.lastSeq() + 1 && this.timeline.started() && !this.catchingUp
				&& this.subscribed) {
			// Our own message is ahead of what we have seen: fetch what lies between.
			catchUp();
		}
		publish();
	}

	void failed(UUID clientMessageId, ChatError failure) {
		this.timeline.failed(clientMessageId, failure);
		publish();
	}

	void event(JsonNode body, String eventType) {
		String type = (eventType != null) ? eventType : String.valueOf(Json.text(body, "type"));
		switch (type) {
			case "message.created" -> {
				show(this.timeline.add(Json.storedMessage(body)));
				if (this.timeline.hasGap() && !this.catchingUp) {
					catchUp();
				}
			}
			case "typing.updated" -> {
				Set<String> now = new LinkedHashSet<>(Json.strings(body, "userIds"));
				now.remove(this.engine.userId());
				this.typers = Set.copyOf(now);
				Engine.cancel(this.typersExpiry);
				if (!now.isEmpty()) {
					this.typersExpiry = this.lane.schedule(REMOTE_TYPING_EXPIRY_MILLIS, this::clearTypers);
				}
			}
			case "presence.updated" -> {
				String user = Json.text(body, "userId");
				if (user != null) {
					JsonNode online = body.get("online");
					this.presence.put(user,
							new Presence(user, online != null && online.asBoolean(), Json.instant(body, "lastSeenAt")));
				}
			}
			case "receipt.updated" -> {
				String user = Json.text(body, "userId");
				if (user != null) {
					this.receipts.update(user, Json.number(body, "deliveredUpToSeq", 0),
							Json.number(body, "readUpToSeq", 0));
				}
			}
			default -> {
				return;
			}
		}
		publish();
	}

	// --- catch-up ---

	/**
	 * Pages history by {@code afterSeq} until {@code hasMore} is false, while live events
	 * keep arriving (the timeline holds those beyond a gap until history fills it); the
	 * same for a gap seen live. One run at a time; a request during a run makes it run
	 * once more.
	 */
	private void catchUp() {
		if (this.catchingUp) {
			this.catchUpAgain = true;
			return;
		}
		Engine.cancel(this.catchUpTimer);
		this.catchingUp = true;
		this.catchUpAgain = false;
		publish();
		this.engine.rest(token -> this.engine.api().conversation(this.id, token)).whenComplete((info, ex) -> {
			if (ex != null) {
				catchUpFailed(ex);
				return;
			}
			this.receipts.members(info.memberIds());
			if (!this.timeline.started()) {
				long from = (this.startAfter >= 0) ? this.startAfter : Math.max(0, info.lastSeq() - CAPACITY);
				show(this.timeline.startAfter(from));
			}
			nextPage();
		});
	}

	private void nextPage() {
		long after = this.timeline.lastSeq();
		this.engine.rest(token -> this.engine.api().messagesAfter(this.id, after, PAGE_SIZE, token))
			.whenComplete((page, ex) -> {
				if (ex != null) {
					catchUpFailed(ex);
					return;
				}
				page.messages().forEach(message -> show(this.timeline.add(message)));
				if (page.hasMore() && !page.messages().isEmpty()) {
					publish();
					nextPage();
				}
				else {
					fetchReceipts();
				}
			});
	}

	private void fetchReceipts() {
		this.engine.rest(token -> this.engine.api().receipts(this.id, token)).whenComplete((marks, ex) -> {
			if (ex == null) {
				marks.forEach(mark -> this.receipts.update(mark.userId(), mark.deliveredUpToSeq(), mark.readUpToSeq()));
			}
			this.catchingUp = false;
			if (this.catchUpAgain) {
				catchUp();
			}
			else if (this.timeline.hasGap()) {
				this.catchUpTimer = this.lane.schedule(CATCH_UP_RETRY_MILLIS, this::catchUpIfConnected);
			}
			publish();
		});
	}

	private void catchUpFailed(Throwable ex) {
		this.catchingUp = false;
		this.catchUpAgain = false;
		this.catchUpTimer = this.lane.schedule(CATCH_UP_RETRY_MILLIS, this::catchUpIfConnected);
		publish();
	}

	private void catchUpIfConnected() {
		if (this.subscribed) {
			catchUp();
		}
	}

	/** Messages that just became visible: to listeners, and acknowledged as delivered. */
	private void show(List<Message> visible) {
		if (visible.isEmpty()) {
			return;
		}
		for (Message message : visible) {
			// a sender has read everything up to their own message; the server stores
			// that
			// but sends no receipt.updated for it (docs/protocol.md)
			this.receipts.update(message.senderId(), message.seq(), message.seq());
		}
		for (Message message : visible) {
			Message shown = withStatus(message);
			this.messageListeners.forEach(listener -> listener.deliver(shown));
		}
		this.delivered.want(this.timeline.lastSeq());
	}

	private Message withStatus(Message stored) {
		return stored.withStatus(statusOf(stored), null);
	}

	private MessageStatus statusOf(Message stored) {
		String me = this.engine.userId();
		return (me != null && me.equals(stored.senderId())) ? this.receipts.statusOf(stored.seq())
				: MessageStatus.RECEIVED;
	}

	// --- typing ---

	private void keystroke() {
		if (!this.engine.connected()) {
			return;
		}
		long now = this.lane.now();
		if (!this.typingSent || now - this.typingStartedAt >= TYPING_REFRESH_MILLIS) {
			if (this.engine.sendJson(destination("typing"), Json.object().put("typing", true))) {
				this.typingSent = true;
				this.typingStartedAt = now;
			}
		}
		Engine.cancel(this.typingIdle);
		this.typingIdle = this.lane.schedule(TYPING_IDLE_MILLIS, this::stopTypingNow);
	}

	private void stopTypingNow() {
		Engine.cancel(this.typingIdle);
		if (this.typingSent) {
			this.typingSent = false;
			this.engine.sendJson(destination("typing"), Json.object().put("typing", false));
		}
	}

	private void clearTypers() {
		Engine.cancel(this.typersExpiry);
		if (!this.typers.isEmpty()) {
			this.typers = Set.of();
			publish();
		}
	}

	private String destination(String what) {
		return "/app/conversations/" + this.id + "/" + what;
	}

	// --- snapshots ---

	private void publish() {
		ConversationSnapshot next = new ConversationSnapshot(this.id, this.timeline.display(this::statusOf),
				this.timeline.hasOlder(), this.timeline.lastSeq(), this.catchingUp, this.typers,
				Map.copyOf(this.presence), this.presenceStale, this.error);
		if (next.equals(this.snapshot)) {
			return;
		}
		this.snapshot = next;
		this.listeners.forEach(listener -> listener.deliver(next));
	}

	/**
	 * One watermark this client reports (delivered or read): only forward, at most once
	 * per second, the latest value when the connection is back.
	 */
	private final class Watermark {

		private final String kind;

		private long wanted;

		private long sent;

		private long sentAt = Long.MIN_VALUE / 2;

		private ChatScheduler.Cancellable timer;

		Watermark(String kind) {
			this.kind = kind;
		}

		void want(long upToSeq) {
			if (upToSeq > this.wanted) {
				this.wanted = upToSeq;
				flush();
			}
		}

		void flush() {
			if (this.wanted <= this.sent || this.timer != null || !Conversation.this.engine.connected()) {
				return;
			}
			long wait = this.sentAt + WATERMARK_INTERVAL_MILLIS - Conversation.this.lane.now();
			if (wait > 0) {
				this.timer = Conversation.this.lane.schedule(wait, () -> {
					this.timer = null;
					flush();
				});
				return;
			}
			if (Conversation.this.engine.sendJson(destination(this.kind), Json.object().put("upToSeq", this.wanted))) {
				this.sent = this.wanted;
				this.sentAt = Conversation.this.lane.now();
			}
		}

		void disconnected() {
			Engine.cancel(this.timer);
			this.timer = null;
			// The last frame may not have arrived; the value goes again once connected.
			this.sent = 0;
		}

	}

	@Override
	public String toString() {
		return "Conversation[" + this.id + "]";
	}

}
