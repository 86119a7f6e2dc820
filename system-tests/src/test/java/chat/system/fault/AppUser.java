package chat.system.fault;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import chat.client.ChatClient;
import chat.client.ChatError;
import chat.client.ConnectionState;
import chat.client.Conversation;
import chat.client.SendFailedException;
import chat.client.SendResult;

/**
 * One user's app on the Java SDK ({@code clients/java}): one {@link ChatClient} over
 * every edge node (it moves to the next one when its node goes away), following one
 * conversation from seq 1. The SDK does what a well-behaved client does — resends with
 * the same {@code clientMessageId}, reconnects with backoff, catches up by seq, shows
 * messages once and in order; this class only records what the user saw and, like an app
 * with a retry button pressed after a second, resends a message that the SDK gave up on
 * for a reason that may pass (no ack in time, no connection).
 */
final class AppUser {

	/** Failures an app retries: they say nothing about the message itself. */
	static final Set<String> RETRYABLE = Set.of(ChatError.TIMEOUT, ChatError.CONNECTION_LOST, ChatError.NOT_CONNECTED,
			"INTERNAL", "OVERLOADED", "RATE_LIMITED");

	static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

	/** A send of this user: when it was made and how it was acked. */
	static final class Send {

		final UUID clientMessageId;

		final long firstSentNanos;

		/**
		 * The app's own resends after the SDK gave up (the SDK's retries not counted).
		 */
		final AtomicInteger appRetries = new AtomicInteger();

		volatile long ackedNanos;

		volatile long ackedSeq = -1;

		volatile ChatError finalError;

		Send(UUID clientMessageId, long now) {
			this.clientMessageId = clientMessageId;
			this.firstSentNanos = now;
		}

		boolean acked() {
			return this.ackedSeq >= 0;
		}

		/** Acked, or refused for good (never retried). */
		boolean settled() {
			return acked() || this.finalError != null;
		}

	}

	/** A message as shown to the user: its seq, id and when it was shown. */
	record Shown(long seq, UUID clientMessageId, String senderId, long shownAtNanos) {
	}

	final String user;

	final String conversation;

	private final LoadContext context;

	private final ChatClient client;

	private final Conversation chat;

	private volatile boolean stopped;

	final Map<UUID, Send> sends = new ConcurrentHashMap<>();

	private final List<Send> order = new ArrayList<>();

	private final List<Shown> shown = new ArrayList<>();

	final AtomicInteger connects = new AtomicInteger();

	/**
	 * @param firstEdge the index of the edge node this user tries first (users are spread
	 * over the nodes)
	 */
	AppUser(LoadContext context, String user, String conversation, int firstEdge) {
		this.context = context;
		this.user = user;
		this.conversation = conversation;
		List<URI> edges = new ArrayList<>();
		for (int i = 0; i < context.edgeUrls.size(); i++) {
			edges.add(URI.create(context.edgeUrls.get((firstEdge + i) % context.edgeUrls.size())));
		}
		this.client = ChatClient.builder()
			.url(edges.toArray(URI[]::new))
			.messageService(URI.create(context.messageServiceUrl))
			.tokens(reason -> CompletableFuture.supplyAsync(() -> context.tokens.apply(user), context.tokenPool))
			.runtime(context.runtime)
			.build();
		this.client.addStateListener(state -> {
			if (state instanceof ConnectionState.Connected) {
				this.connects.incrementAndGet();
			}
		});
		context.add(this);
		this.chat = this.client.conversation(UUID.fromString(conversation), 0);
		this.chat.onMessage(message -> {
			synchronized (this) {
				this.shown
					.add(new Shown(message.seq(), message.clientMessageId(), message.senderId(), System.nanoTime()));
			}
		});
	}

	void start() {
		this.client.connect();
	}

	/** Connected, and the conversation caught up at least once. */
	boolean ready() {
		return this.client.state() instanceof ConnectionState.Connected && !this.chat.snapshot().catchingUp();
	}

	void stop() {
		this.stopped = true;
		this.client.close();
	}

	boolean closed() {
		return this.client.state() instanceof ConnectionState.Closed;
	}

	/** A new message from the user. */
	void send(String text) {
		Send send = new Send(UUID.randomUUID(), System.nanoTime());
		synchronized (this) {
			this.sends.put(send.clientMessageId, send);
			this.order.add(send);
		}
		follow(send, this.chat.send(send.clientMessageId, text).result());
	}

	private void follow(Send send, CompletableFuture<SendResult> result) {
		result.whenComplete((ack, failure) -> {
			if (ack != null) {
				send.ackedSeq = ack.seq();
				send.ackedNanos = System.nanoTime();
				return;
			}
			Throwable cause = (failure instanceof java.util.concurrent.CompletionException) ? failure.getCause()
					: failure;
			ChatError error = (cause instanceof SendFailedException refused) ? refused.error()
					: new ChatError("CLIENT", String.valueOf(cause));
			if (this.stopped) {
				return;
			}
			if (RETRYABLE.contains(error.code())) {
				send.appRetries.incrementAndGet();
				this.context.scheduler.schedule(() -> follow(send, this.chat.retry(send.clientMessageId).result()),
						RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				// A final answer for a valid send is a bug the report shows.
				send.finalError = error;
			}
		});
	}

	synchronized long lastShownSeq() {
		return this.shown.isEmpty() ? 0 : this.shown.get(this.shown.size() - 1).seq();
	}

	synchronized List<Shown> shown() {
		return List.copyOf(this.shown);
	}

	synchronized List<Send> sendsInOrder() {
		return List.copyOf(this.order);
	}

}
