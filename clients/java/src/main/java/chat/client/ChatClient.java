package chat.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A chat client for one user: one STOMP connection to the edge (re-established with
 * backoff), the conversations it follows, and the messages it sends.
 *
 * <pre>{@code
 * ChatClient client = ChatClient.builder()
 *     .url(URI.create("ws://127.0.0.1:8080/ws"))
 *     .messageService(URI.create("http://127.0.0.1:8081"))
 *     .tokens(reason -> myIdp.token(reason != TokenSupplier.Reason.CONNECT))
 *     .build();
 * client.connect();
 * Conversation chat = client.conversation(conversationId);
 * chat.addListener(snapshot -> render(snapshot.messages()), uiThread);
 * chat.send("hello").result().thenAccept(ack -> log(ack.seq()));
 * }</pre>
 *
 * <p>
 * <b>Threads.</b> Every method may be called from any thread and returns at once. The
 * client's work runs one task at a time on its scheduler's threads (its "client thread");
 * returned futures complete there, and listeners run there unless registered with an
 * executor. Never block in a listener or a future's non-async callback.
 */
public final class ChatClient implements AutoCloseable {

	private final Engine engine;

	private final Lane lane;

	private final ChatApi api;

	private final ChatRuntime ownedRuntime;

	private ChatClient(Builder builder) {
		ChatRuntime runtime = builder.runtime;
		this.ownedRuntime = (runtime == null && builder.scheduler == null) ? ChatRuntime.create(1) : null;
		if (runtime == null) {
			runtime = this.ownedRuntime;
		}
		ChatScheduler scheduler = (builder.scheduler != null) ? builder.scheduler : runtime.scheduler();
		boolean needsHttp = builder.api == null || builder.transport == null;
		HttpClient http = (runtime != null) ? runtime.httpClient() : needsHttp ? HttpClient.newHttpClient() : null;
		this.lane = new Lane(scheduler);
		this.api = (builder.api != null) ? builder.api : new HttpChatApi(http,
				Objects.requireNonNull(builder.messageService, "messageService"), builder.receiptService);
		Transport transport = (builder.transport != null) ? builder.transport : new JdkWebSocketTransport(http);
		this.engine = new Engine(this.lane, transport, this.api, Objects.requireNonNull(builder.tokens, "tokens"),
				builder.urls, builder.outbox, builder.random, builder.clock);
		this.lane.execute(() -> {
			for (PendingMessage kept : this.engine.outbox.restore()) {
				Conversation conversation = open(kept.conversationId(), -1);
				conversation.sending(kept);
			}
		});
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts connecting (from {@link ConnectionState.Idle}), or starts over after
	 * {@link ConnectionState.Error}; does nothing in any other state.
	 */
	public void connect() {
		this.lane.execute(this.engine::connect);
	}

	/** The current state (readable from any thread). */
	public ConnectionState state() {
		return this.engine.state();
	}

	/**
	 * The user id (the token's {@code sub}), once a token was obtained; else
	 * {@code null}.
	 */
	public String userId() {
		return this.engine.userId();
	}

	/**
	 * When the current session's token expires, as the server last confirmed it (the
	 * CONNECT token's {@code exp}, then each in-band refresh's); {@code null} before the
	 * first connection or for a token without {@code exp}.
	 */
	public java.time.Instant sessionExpiresAt() {
		return this.engine.sessionExpiresAt();
	}

	/**
	 * Calls {@code listener} with the current state and every change, in order, on
	 * {@code executor}.
	 */
	public Registration addStateListener(Consumer<ConnectionState> listener, Executor executor) {
		return this.engine.addStateListener(listener, executor);
	}

	/** {@link #addStateListener(Consumer, Executor)} on the client's thread. */
	public Registration addStateListener(Consumer<ConnectionState> listener) {
		return addStateListener(listener, Runnable::run);
	}

	/**
	 * The conversation with this id, followed from now on; on first use it shows the
	 * newest 100 messages and everything after them.
	 */
	public Conversation conversation(UUID conversationId) {
		return conversation(conversationId, -1);
	}

	/**
	 * The conversation with this id, followed from message {@code afterSeq + 1} on (for
	 * an application that kept the last seq it showed: every later message reaches
	 * {@link Conversation#onMessage}). Ignored when the conversation is already followed.
	 */
	public Conversation conversation(UUID conversationId, long afterSeq) {
		Conversation existing = this.engine.conversations.get(conversationId);
		if (existing != null) {
			return existing;
		}
		Conversation created = this.engine.conversations.computeIfAbsent(conversationId,
				id -> new Conversation(id, this.engine, afterSeq));
		this.lane.execute(() -> this.engine.opened(created));
		return created;
	}

	private Conversation open(UUID conversationId, long afterSeq) {
		return this.engine.conversations.computeIfAbsent(conversationId, id -> {
			Conversation created = new Conversation(id, this.engine, afterSeq);
			this.lane.execute(() -> this.engine.opened(created));
			return created;
		});
	}

	/** Sends {@code text} to a conversation (which is followed from now on). */
	public SendHandle send(UUID conversationId, String text) {
		return conversation(conversationId).send(text);
	}

	/** Creates a conversation with these members (the caller is always one). */
	public CompletableFuture<ConversationInfo> createConversation(String title, List<String> memberIds) {
		CompletableFuture<ConversationInfo> result = new CompletableFuture<>();
		this.lane.execute(() -> this.engine.rest(token -> this.api.createConversation(title, memberIds, token))
			.whenComplete((info, ex) -> {
				if (ex != null) {
					result.completeExceptionally(ex);
				}
				else {
					result.complete(info);
				}
			}));
		return result;
	}

	/**
	 * Tells the client whether the device has a network (from the platform's connectivity
	 * callbacks): when it goes, the client is {@link ConnectionState.Offline} and stops
	 * trying; when it comes back, it connects at once.
	 */
	public void networkChanged(boolean available) {
		this.lane.execute(() -> this.engine.networkChanged(available));
	}

	/**
	 * Disconnects and stops every timer; unsettled sends fail with
	 * {@link ChatError#CLOSED} (the outbox store keeps them for a later client). Final.
	 */
	@Override
	public void close() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.lane.execute(() -> {
			this.engine.close();
			done.complete(null);
		});
		if (this.ownedRuntime != null) {
			done.whenComplete((ignored, ex) -> this.ownedRuntime.close());
		}
	}

	/** Settings of a {@link ChatClient}. */
	public static final class Builder {

		private final List<URI> urls = new ArrayList<>();

		private URI messageService;

		private URI receiptService;

		private TokenSupplier tokens;

		private OutboxStore outbox = OutboxStore.inMemory();

		private ChatRuntime runtime;

		private Clock clock = Clock.systemUTC();

		private RandomGenerator random = new java.util.SplittableRandom();

		private ChatScheduler scheduler;

		private Transport transport;

		private ChatApi api;

		private Builder() {
		}

		/**
		 * The edge's WebSocket endpoint, e.g. {@code ws://127.0.0.1:8080/ws}; several are
		 * tried in turn, moving on after each failed attempt. Required.
		 */
		public Builder url(URI... endpoints) {
			this.urls.addAll(List.of(endpoints));
			return this;
		}

		/** The message service's base URL (history, conversations). Required. */
		public Builder messageService(URI baseUrl) {
			this.messageService = baseUrl;
			return this;
		}

		/**
		 * The receipt service's base URL: initial watermarks after each catch-up.
		 * Optional: without it, message states move on {@code receipt.updated} events
		 * only.
		 */
		public Builder receiptService(URI baseUrl) {
			this.receiptService = baseUrl;
			return this;
		}

		/** Where tokens come from. Required. */
		public Builder tokens(TokenSupplier supplier) {
			this.tokens = supplier;
			return this;
		}

		/** Where unacknowledged messages are kept; in memory by default. */
		public Builder outbox(OutboxStore store) {
			this.outbox = store;
			return this;
		}

		/**
		 * Threads and HTTP client shared with other clients; by default each client has
		 * its own thread, stopped by {@link ChatClient#close()}.
		 */
		public Builder runtime(ChatRuntime shared) {
			this.runtime = shared;
			return this;
		}

		/** The wall clock for the creation time of messages being sent. */
		public Builder clock(Clock wallClock) {
			this.clock = wallClock;
			return this;
		}

		/** The source of backoff jitter. */
		public Builder random(RandomGenerator source) {
			this.random = source;
			return this;
		}

		/** Time and timers (tests drive them by hand); overrides the runtime's. */
		public Builder scheduler(ChatScheduler timeSource) {
			this.scheduler = timeSource;
			return this;
		}

		Builder transport(Transport sockets) {
			this.transport = sockets;
			return this;
		}

		Builder api(ChatApi rest) {
			this.api = rest;
			return this;
		}

		public ChatClient build() {
			if (this.urls.isEmpty()) {
				throw new IllegalStateException("url is required");
			}
			return new ChatClient(this);
		}

	}

}
