package chat.system.fault;

import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import chat.contracts.ChatJson;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;

/**
 * One user's app, behaving like a real client of docs/protocol.md: one STOMP session on
 * one edge node; every send is kept until its ACCEPTED ack and resent with the same
 * {@code clientMessageId} after an ack timeout (with backoff) or after the
 * {@code retryAfterMs} of a retryable rejection; a lost connection is reconnected with
 * jittered backoff to the <em>other</em> edge node; after every (re)connect it
 * subscribes, waits for the RECEIPT, then catches up through REST history
 * ({@code afterSeq}); live {@code message.created} events are shown in seq order (lower
 * seqs dropped, a gap fetched from history).
 *
 * <p>
 * Threads: STOMP callbacks arrive on the WebSocket client's threads, sends come from the
 * load's pacer and retry threads; the state below is guarded by {@code this}.
 */
final class ChatClient {

	/** A send of this client, kept until it is acked. */
	static final class Send {

		final UUID clientMessageId;

		final String text;

		final long firstSentNanos;

		int attempts;

		volatile long nextAttemptNanos;

		volatile long ackedNanos;

		volatile long ackedSeq = -1;

		Send(UUID clientMessageId, String text, long now) {
			this.clientMessageId = clientMessageId;
			this.text = text;
			this.firstSentNanos = now;
			this.nextAttemptNanos = now;
		}

		boolean acked() {
			return this.ackedSeq >= 0;
		}

		/** Acked, or finally rejected (never retried). */
		boolean settled() {
			return acked() || this.nextAttemptNanos == Long.MAX_VALUE;
		}

	}

	/** A message as shown to the user: its seq, id and when it was shown. */
	record Shown(long seq, UUID clientMessageId, String senderId, long shownAtNanos) {
	}

	static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);

	static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	final String user;

	final String conversation;

	private final LoadContext context;

	private final String token;

	private int edge;

	private StompSession session;

	private boolean stopped;

	private int reconnectFailures;

	/** Sends in the order they were made; all of them, acked or not. */
	final Map<UUID, Send> sends = new ConcurrentHashMap<>();

	private final List<Send> order = new ArrayList<>();

	private final List<Shown> shown = new ArrayList<>();

	private final TreeMap<Long, JsonNode> ahead = new TreeMap<>();

	private long lastShownSeq;

	private boolean catchingUp;

	private boolean catchUpAgain;

	private volatile boolean ready;

	final AtomicInteger connects = new AtomicInteger();

	final AtomicInteger drainedNotices = new AtomicInteger();

	final AtomicInteger conflictingAcks = new AtomicInteger();

	final AtomicInteger retryableRejections = new AtomicInteger();

	final AtomicInteger finalRejections = new AtomicInteger();

	final AtomicInteger catchUps = new AtomicInteger();

	ChatClient(LoadContext context, String user, String conversation, String token, int edge) {
		this.context = context;
		this.user = user;
		this.conversation = conversation;
		this.token = token;
		this.edge = edge;
	}

	/** Whether the session is connected and subscribed (its catch-up may still run). */
	boolean ready() {
		return this.ready;
	}

	void start() {
		connect();
	}

	synchronized void stop() {
		this.stopped = true;
		this.ready = false;
		if (this.session != null && this.session.isConnected()) {
			try {
				this.session.disconnect();
			}
			catch (RuntimeException ex) {
				// already gone
			}
		}
		this.session = null;
	}

	private void connect() {
		String url;
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			url = this.context.edgeUrls.get(this.edge % this.context.edgeUrls.size());
		}
		StompHeaders connect = new StompHeaders();
		connect.add("Authorization", "Bearer " + this.token);
		AtomicBoolean lost = new AtomicBoolean();
		this.context.stomp.connectAsync(url, new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {
			@Override
			public void afterConnected(StompSession session, StompHeaders headers) {
				onConnected(session, lost);
			}

			@Override
			public void handleTransportError(StompSession session, Throwable exception) {
				onLost(session, lost);
			}
		}).whenComplete((session, failure) -> {
			if (failure != null) {
				onLost(null, lost);
			}
		});
	}

	private void onConnected(StompSession session, AtomicBoolean lost) {
		synchronized (this) {
			if (this.stopped) {
				session.disconnect();
				return;
			}
			this.session = session;
			this.connects.incrementAndGet();
		}
		session.setAutoReceipt(true);
		try {
			session.subscribe("/user/queue/acks", handler(this::onAck));
			session.subscribe("/user/queue/session", handler(this::onNotice));
			StompSession.Subscription topic = session.subscribe("/topic/conversations/" + this.conversation,
					handler(this::onEvent));
			topic.addReceiptTask(() -> onSubscribed(session));
			topic.addReceiptLostTask(() -> onLost(session, lost));
		}
		catch (RuntimeException ex) {
			onLost(session, lost);
		}
	}

	private void onSubscribed(StompSession session) {
		synchronized (this) {
			if (this.session != session) {
				return;
			}
			this.reconnectFailures = 0;
			this.ready = true;
			long now = System.nanoTime();
			// Everything unacked goes out again at once on the new session.
			this.order.stream().filter(s -> !s.acked()).forEach(s -> s.nextAttemptNanos = now);
		}
		requestCatchUp();
		retryDue();
	}

	/**
	 * The connection is gone (or never came): reconnect to the other edge, with backoff.
	 */
	private void onLost(StompSession session, AtomicBoolean lost) {
		if (!lost.compareAndSet(false, true)) {
			return;
		}
		long delayMs;
		synchronized (this) {
			if (session != null && this.session != session && this.session != null) {
				return;
			}
			this.session = null;
			this.ready = false;
			if (this.stopped) {
				return;
			}
			this.edge++;
			int failures = this.reconnectFailures++;
			long cap = Math.min(5000, 100L << Math.min(failures, 6));
			delayMs = failures == 0 ? ThreadLocalRandom.current().nextLong(50, 300)
					: ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
		}
		if (session != null && session.isConnected()) {
			try {
				session.disconnect();
			}
			catch (RuntimeException ex) {
				// already gone
			}
		}
		this.context.scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
	}

	/** A new message from the user: kept until acked, sent now if connected. */
	void send(String text) {
		Send send = new Send(UUID.randomUUID(), text, System.nanoTime());
		synchronized (this) {
			this.sends.put(send.clientMessageId, send);
			this.order.add(send);
		}
		this.context.sent(send);
		retryDue();
	}

	/** Sends every unacked send whose time has come (first attempts and retries). */
	void retryDue() {
		long now = System.nanoTime();
		synchronized (this) {
			if (!this.ready || this.session == null) {
				return;
			}
			for (Send send : this.order) {
				if (send.acked() || send.nextAttemptNanos > now) {
					continue;
				}
				long backoff = Math.min(MAX_BACKOFF.toNanos(), ACK_TIMEOUT.toNanos() << Math.min(send.attempts, 3));
				send.attempts++;
				send.nextAttemptNanos = now + backoff;
				if (!transmit(send)) {
					return;
				}
			}
		}
	}

	private boolean transmit(Send send) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/app/conversations/" + this.conversation + "/messages");
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		try {
			this.session.send(headers, ChatJson.mapper()
				.writeValueAsBytes(Map.of("clientMessageId", send.clientMessageId.toString(), "text", send.text)));
			return true;
		}
		catch (RuntimeException ex) {
			// The socket is going away; the transport error handler reconnects.
			return false;
		}
	}

	private void onAck(JsonNode ack) {
		Send send = this.sends.get(UUID.fromString(ack.get("clientMessageId").asString()));
		if (send == null) {
			return;
		}
		String status = ack.get("status").asString();
		if ("ACCEPTED".equals(status)) {
			long seq = ack.get("seq").asLong();
			synchronized (this) {
				if (send.acked()) {
					if (send.ackedSeq != seq) {
						this.conflictingAcks.incrementAndGet();
					}
					return;
				}
				send.ackedSeq = seq;
				send.ackedNanos = System.nanoTime();
			}
			return;
		}
		JsonNode error = ack.path("error");
		String code = error.path("code").asString("");
		synchronized (this) {
			if (send.acked()) {
				return;
			}
			if (code.equals("RATE_LIMITED") || code.equals("OVERLOADED") || code.equals("INTERNAL")) {
				this.retryableRejections.incrementAndGet();
				long after = error.path("retryAfterMs").asLong(500);
				send.nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(after, 100));
			}
			else {
				// A final answer for a valid send is a bug the report shows; keep
				// retrying
				// would hide it.
				this.finalRejections.incrementAndGet();
				send.nextAttemptNanos = Long.MAX_VALUE;
			}
		}
	}

	private void onNotice(JsonNode notice) {
		if ("server.draining".equals(notice.path("type").asString(""))) {
			// The node closes the socket with 1012 next; the transport error handler
			// then reconnects to the other node at once.
			this.drainedNotices.incrementAndGet();
		}
	}

	private void onEvent(JsonNode event) {
		if (!"message.created".equals(event.path("type").asString(""))) {
			return;
		}
		offer(event);
	}

	/** The protocol's display rule: show seq = last + 1, drop lower, fetch a gap. */
	private void offer(JsonNode message) {
		boolean gap;
		synchronized (this) {
			long seq = message.get("seq").asLong();
			if (seq <= this.lastShownSeq) {
				return;
			}
			this.ahead.putIfAbsent(seq, message);
			while (!this.ahead.isEmpty() && this.ahead.firstKey() == this.lastShownSeq + 1) {
				JsonNode next = this.ahead.pollFirstEntry().getValue();
				this.lastShownSeq++;
				this.shown.add(new Shown(this.lastShownSeq, UUID.fromString(next.get("clientMessageId").asString()),
						next.get("senderId").asString(), System.nanoTime()));
			}
			gap = !this.ahead.isEmpty();
		}
		if (gap) {
			requestCatchUp();
		}
	}

	private void requestCatchUp() {
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			if (this.catchingUp) {
				this.catchUpAgain = true;
				return;
			}
			this.catchingUp = true;
		}
		this.context.catchUpPool.execute(this::catchUp);
	}

	/** Pages {@code afterSeq=<last shown>} until {@code hasMore} is false. */
	private void catchUp() {
		this.catchUps.incrementAndGet();
		boolean failed = false;
		try {
			boolean more = true;
			while (more) {
				long after;
				synchronized (this) {
					after = this.lastShownSeq;
				}
				HttpResponse<String> page = this.context.http.send(HttpRequest
					.newBuilder(URI.create(this.context.messageServiceUrl + "/api/conversations/" + this.conversation
							+ "/messages?afterSeq=" + after + "&limit=200"))
					.header("Authorization", "Bearer " + this.token)
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (page.statusCode() != 200) {
					failed = true;
					break;
				}
				JsonNode body = ChatJson.mapper().readTree(page.body());
				for (JsonNode message : body.get("messages")) {
					offer(message);
				}
				more = body.path("hasMore").asBoolean(false);
			}
		}
		catch (Exception ex) {
			failed = true;
		}
		boolean again;
		synchronized (this) {
			this.catchingUp = false;
			again = this.catchUpAgain || (failed && !this.stopped) || !this.ahead.isEmpty();
			this.catchUpAgain = false;
		}
		if (again) {
			// The message service may be down: try again a little later.
			this.context.scheduler.schedule(this::requestCatchUp, failed ? 1000 : 100, TimeUnit.MILLISECONDS);
		}
	}

	synchronized long lastShownSeq() {
		return this.lastShownSeq;
	}

	synchronized List<Shown> shown() {
		return List.copyOf(this.shown);
	}

	synchronized List<Send> sendsInOrder() {
		return List.copyOf(this.order);
	}

	private StompFrameHandler handler(java.util.function.Consumer<JsonNode> consumer) {
		return new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				try {
					consumer.accept(ChatJson.mapper().readTree((byte[]) payload));
				}
				catch (RuntimeException ex) {
					ChatClient.this.context.clientErrors.incrementAndGet();
				}
			}
		};
	}

}
