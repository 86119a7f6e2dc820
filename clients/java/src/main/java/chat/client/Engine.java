package chat.client;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import tools.jackson.databind.JsonNode;

/**
 * The connection: its state machine, the STOMP session on the current socket, tokens and
 * subscriptions; it hands acks to the {@link Outbox} and events to each
 * {@link Conversation}. Everything here runs on the client's {@link Lane}; the only
 * fields read from other threads are {@link #state} and {@link #conversations}.
 */
final class Engine {

	private static final System.Logger log = System.getLogger(Engine.class.getName());

	/** Time for one attempt: token, socket, CONNECTED. */
	static final long CONNECT_TIMEOUT_MILLIS = 10_000;

	/**
	 * A connection counts as stable (backoff and token-expiry streak reset) after this.
	 */
	static final long STABLE_AFTER_MILLIS = 10_000;

	/** Without a connection for this long the client is suspended. */
	static final long SUSPEND_AFTER_MILLIS = 120_000;

	/** Heart-beats offered and asked for (the server offers 10 s / 10 s). */
	static final long HEARTBEAT_MILLIS = 10_000;

	/** The connection is taken for dead after this many missed server heart-beats. */
	static final int HEARTBEAT_GRACE_FACTOR = 2;

	/**
	 * The session's token is refreshed in band this long before its {@code exp} even
	 * without the server's warning (which is lost when it falls due before the session
	 * queue is subscribed).
	 */
	static final long REFRESH_BEFORE_EXPIRY_MILLIS = 60_000;

	/** A server that drains (close 1012) is left at once, with up to this much jitter. */
	static final long DRAIN_JITTER_MILLIS = 1_000;

	static final String ACKS = "/user/queue/acks";

	static final String ERRORS = "/user/queue/errors";

	static final String SESSION = "/user/queue/session";

	static final String TOKEN_DESTINATION = "/app/session/token";

	static final String TOPIC_PREFIX = "/topic/conversations/";

	private final Lane lane;

	private final Transport transport;

	private final ChatApi api;

	private final TokenSupplier tokens;

	private final List<URI> urls;

	private final RandomGenerator random;

	final Clock clock;

	final Outbox outbox;

	final Map<UUID, Conversation> conversations = new ConcurrentHashMap<>();

	private final List<Listening<ConnectionState>> stateListeners = new CopyOnWriteArrayList<>();

	private volatile ConnectionState state = new ConnectionState.Idle();

	private volatile String userId;

	private volatile java.time.Instant sessionExpiresAt;

	// --- connection (lane only) ---

	private int epoch;

	private Transport.Socket socket;

	private StompCodec.Decoder decoder;

	private boolean stompConnected;

	private int failures;

	private int urlIndex;

	private String token;

	private final Set<String> rejected = new HashSet<>();

	private int expiredStreak;

	private boolean forceFreshToken;

	private boolean draining;

	private boolean networkUp = true;

	private boolean suspended;

	private long disconnectedSince = -1;

	private long lastReceived;

	private long expectHeartbeatEvery;

	private CompletableFuture<String> tokenInFlight;

	private String refreshingToken;

	private ChatScheduler.Cancellable retryTimer;

	private ChatScheduler.Cancellable attemptTimer;

	private ChatScheduler.Cancellable heartbeatTimer;

	private ChatScheduler.Cancellable livenessTimer;

	private ChatScheduler.Cancellable stableTimer;

	private ChatScheduler.Cancellable suspendTimer;

	private ChatScheduler.Cancellable refreshTimer;

	// --- subscriptions of the current connection ---

	private int nextId;

	private final Map<String, String> destinations = new HashMap<>();

	private final Map<String, Runnable> receipts = new HashMap<>();

	private boolean acksReady;

	private boolean errorsReady;

	Engine(Lane lane, Transport transport, ChatApi api, TokenSupplier tokens, List<URI> urls, OutboxStore store,
			RandomGenerator random, Clock clock) {
		this.lane = lane;
		this.transport = transport;
		this.api = api;
		this.tokens = tokens;
		this.urls = List.copyOf(urls);
		this.random = random;
		this.clock = clock;
		this.outbox = new Outbox(this, lane, store, clock);
	}

	Lane lane() {
		return this.lane;
	}

	ChatApi api() {
		return this.api;
	}

	ConnectionState state() {
		return this.state;
	}

	String userId() {
		return this.userId;
	}

	java.time.Instant sessionExpiresAt() {
		return this.sessionExpiresAt;
	}

	Registration addStateListener(Consumer<ConnectionState> listener, Executor executor) {
		Listening<ConnectionState> listening = new Listening<>(listener, executor);
		this.stateListeners.add(listening);
		ConnectionState now = this.state;
		listening.deliver(now);
		return () -> this.stateListeners.remove(listening);
	}

	// --- public operations (called on the lane) ---

	void connect() {
		if (this.state instanceof ConnectionState.Idle || this.state instanceof ConnectionState.Error) {
			this.failures = 0;
			this.expiredStreak = 0;
			markDisconnected();
			attempt();
		}
	}

	void networkChanged(boolean available) {
		if (this.networkUp == available || isFinal()) {
			this.networkUp = available;
			return;
		}
		this.networkUp = available;
		if (this.state instanceof ConnectionState.Idle) {
			return;
		}
		if (!available) {
			teardown();
			markDisconnected();
			cancel(this.retryTimer);
			setState(this.suspended ? new ConnectionState.Suspended(offline()) : new ConnectionState.Offline());
		}
		else if (!this.stompConnected) {
			attempt();
		}
	}

	void close() {
		if (this.state instanceof ConnectionState.Closed) {
			return;
		}
		if (this.socket != null && this.stompConnected) {
			this.socket.send(StompCodec.encode(StompFrame.of("DISCONNECT")));
			this.socket.close();
			this.socket = null;
		}
		teardown();
		cancel(this.retryTimer);
		cancel(this.suspendTimer);
		this.outbox.closed();
		this.conversations.values().forEach(Conversation::closed);
		setState(new ConnectionState.Closed());
	}

	/** Whether a new send fails at once instead of waiting in the queue. */
	boolean failsFast() {
		return this.state instanceof ConnectionState.Suspended || this.state instanceof ConnectionState.Error
				|| this.state instanceof ConnectionState.Closed;
	}

	boolean connected() {
		return this.stompConnected;
	}

	/** Whether sends to this conversation may go out: connected and subscribed. */
	boolean ready(UUID conversationId) {
		Conversation conversation = this.conversations.get(conversationId);
		return this.stompConnected && this.acksReady && this.errorsReady && conversation != null
				&& conversation.subscribed();
	}

	/** Sends a frame on the live connection; false when there is none. */
	boolean transmit(StompFrame frame) {
		if (this.socket == null || !this.stompConnected) {
			return false;
		}
		this.socket.send(StompCodec.encode(frame));
		return true;
	}

	boolean sendJson(String destination, JsonNode body) {
		return transmit(StompFrame.withBody("SEND", Json.write(body), "destination", destination, "content-type",
				"application/json"));
	}

	/** Opens (subscribes) a conversation that was just created. */
	void opened(Conversation conversation) {
		if (this.stompConnected && conversation.subscriptionId() == null
				&& this.conversations.get(conversation.id()) == conversation) {
			subscribe(conversation);
		}
	}

	/** Unsubscribes and forgets a conversation. */
	void closed(Conversation conversation) {
		this.conversations.remove(conversation.id(), conversation);
		String subscription = conversation.subscriptionId();
		if (subscription != null && this.stompConnected) {
			transmit(StompFrame.of("UNSUBSCRIBE", "id", subscription));
			this.destinations.remove(subscription);
		}
	}

	/**
	 * Runs a REST call with the current token; on 401 once more with a fresh one. The
	 * result completes on the lane.
	 */
	<T> CompletableFuture<T> rest(Function<String, CompletableFuture<T>> call) {
		CompletableFuture<T> result = new CompletableFuture<>();
		CompletableFuture<String> current = (this.token != null) ? CompletableFuture.completedFuture(this.token)
				: token(TokenSupplier.Reason.CONNECT);
		current.thenCompose(call).whenCompleteAsync((value, ex) -> {
			Throwable cause = unwrap(ex);
			if (cause instanceof ChatApi.Unauthorized) {
				token(TokenSupplier.Reason.EXPIRED).thenCompose(fresh -> {
					this.token = fresh;
					return call.apply(fresh);
				}).whenCompleteAsync((again, ex2) -> complete(result, again, unwrap(ex2)), this.lane);
			}
			else {
				complete(result, value, cause);
			}
		}, this.lane);
		return result;
	}

	// --- the attempt ---

	private void attempt() {
		cancel(this.retryTimer);
		cancel(this.attemptTimer);
		if (!this.networkUp) {
			setState(this.suspended ? new ConnectionState.Suspended(offline()) : new ConnectionState.Offline());
			return;
		}
		int attempt = ++this.epoch;
		if (!this.suspended) {
			setState(new ConnectionState.Connecting(this.failures + 1));
		}
		this.attemptTimer = this.lane.schedule(CONNECT_TIMEOUT_MILLIS, () -> {
			if (this.epoch == attempt) {
				lost(new ChatError(ChatError.TIMEOUT, "no CONNECTED within " + CONNECT_TIMEOUT_MILLIS + " ms"), -1,
						false);
			}
		});
		TokenSupplier.Reason reason = this.forceFreshToken ? TokenSupplier.Reason.EXPIRED
				: TokenSupplier.Reason.CONNECT;
		token(reason).whenCompleteAsync((fresh, ex) -> {
			if (this.epoch != attempt) {
				return;
			}
			if (ex != null || fresh == null || fresh.isBlank()) {
				fail(new ChatError(ChatError.TOKEN_SUPPLIER_FAILED,
						"the token supplier failed: " + ((ex != null) ? unwrap(ex) : "no token")));
				return;
			}
			if (this.rejected.contains(fresh)) {
				fail(new ChatError(ChatError.TOKEN_REJECTED,
						"the token supplier returned a token the server already refused"));
				return;
			}
			if (expired(fresh) && reason == TokenSupplier.Reason.CONNECT) {
				// A cached token past its exp: the server would refuse it as
				// UNAUTHORIZED.
				this.forceFreshToken = true;
				this.epoch++;
				attempt();
				return;
			}
			this.forceFreshToken = false;
			this.token = fresh;
			this.userId = subjectOf(fresh);
			URI uri = this.urls.get(Math.floorMod(this.urlIndex, this.urls.size()));
			this.transport.open(uri, new SocketEvents(attempt, uri));
		}, this.lane);
	}

	/** Socket callbacks, moved onto the lane and dropped once their attempt is over. */
	private final class SocketEvents implements Transport.Listener {

		private final int attempt;

		private final URI uri;

		SocketEvents(int attempt, URI uri) {
			this.attempt = attempt;
			this.uri = uri;
		}

		@Override
		public void opened(Transport.Socket opened) {
			Engine.this.lane.execute(() -> {
				if (Engine.this.epoch != this.attempt) {
					opened.abort();
					return;
				}
				Engine.this.socket = opened;
				Engine.this.decoder = new StompCodec.Decoder();
				Engine.this.lastReceived = Engine.this.lane.now();
				opened.send(StompCodec.encode(StompFrame.of("CONNECT", "accept-version", "1.2", "host",
						this.uri.getHost(), "heart-beat", HEARTBEAT_MILLIS + "," + HEARTBEAT_MILLIS, "Authorization",
						"Bearer " + Engine.this.token)));
			});
		}

		@Override
		public void text(String text) {
			Engine.this.lane.execute(() -> {
				if (Engine.this.epoch == this.attempt && Engine.this.socket != null) {
					received(text);
				}
			});
		}

		@Override
		public void closed(int code, String reason) {
			Engine.this.lane.execute(() -> {
				if (Engine.this.epoch == this.attempt) {
					Engine.this.socket = null;
					lost(new ChatError(ChatError.CONNECTION_LOST, "socket closed (" + code + ")"), -1,
							code == 1012 || Engine.this.draining);
				}
			});
		}

	}

	private void received(String text) {
		this.lastReceived = this.lane.now();
		List<StompFrame> frames;
		try {
			frames = this.decoder.feed(text);
		}
		catch (RuntimeException ex) {
			log.log(Level.WARNING, "Undecodable frame from the server; reconnecting", ex);
			lost(new ChatError(ChatError.CONNECTION_LOST, "undecodable frame"), -1, false);
			return;
		}
		int current = this.epoch;
		for (StompFrame frame : frames) {
			if (this.epoch != current) {
				return;
			}
			handle(frame);
		}
	}

	private void handle(StompFrame frame) {
		switch (frame.command()) {
			case "CONNECTED" -> stompConnected(frame);
			case "MESSAGE" -> message(frame);
			case "RECEIPT" -> {
				Runnable action = this.receipts.remove(frame.header("receipt-id"));
				if (action != null) {
					action.run();
				}
			}
			case "ERROR" -> serverError(frame);
			default -> log.log(Level.DEBUG, "Ignored frame {0}", frame);
		}
	}

	private void stompConnected(StompFrame frame) {
		cancel(this.attemptTimer);
		this.stompConnected = true;
		String name = frame.header("user-name");
		if (name != null && !name.isBlank()) {
			this.userId = name;
		}
		this.suspended = false;
		this.disconnectedSince = -1;
		this.sessionExpiresAt = expiryOf(this.token);
		cancel(this.suspendTimer);
		heartbeats(frame.header("heart-beat"));
		scheduleRefresh();
		this.stableTimer = this.lane.schedule(STABLE_AFTER_MILLIS, () -> {
			this.failures = 0;
			this.expiredStreak = 0;
		});
		setState(new ConnectionState.Connected(this.userId));
		subscribe(ACKS, () -> {
			this.acksReady = true;
			queuesReady();
		});
		subscribe(ERRORS, () -> {
			this.errorsReady = true;
			queuesReady();
		});
		// A server without the session queue refuses it (NOT_FOUND on the errors queue);
		// nothing waits for it.
		subscribe(SESSION, null);
		this.conversations.values().forEach(this::subscribe);
	}

	private void heartbeats(String header) {
		long serverSends = 0;
		long serverWants = 0;
		if (header != null && header.contains(",")) {
			String[] parts = header.split(",");
			try {
				serverSends = Long.parseLong(parts[0].trim());
				serverWants = Long.parseLong(parts[1].trim());
			}
			catch (NumberFormatException ex) {
				serverSends = 0;
				serverWants = 0;
			}
		}
		long sendEvery = (serverWants == 0) ? 0 : Math.max(HEARTBEAT_MILLIS, serverWants);
		this.expectHeartbeatEvery = (serverSends == 0) ? 0 : Math.max(HEARTBEAT_MILLIS, serverSends);
		if (sendEvery > 0) {
			scheduleHeartbeat(sendEvery);
		}
		if (this.expectHeartbeatEvery > 0) {
			scheduleLiveness(this.expectHeartbeatEvery * HEARTBEAT_GRACE_FACTOR);
		}
	}

	private void scheduleHeartbeat(long every) {
		this.heartbeatTimer = this.lane.schedule(every, () -> {
			if (this.socket != null) {
				this.socket.send("\n");
				scheduleHeartbeat(every);
			}
		});
	}

	private void scheduleLiveness(long delay) {
		this.livenessTimer = this.lane.schedule(delay, () -> {
			long deadline = this.expectHeartbeatEvery * HEARTBEAT_GRACE_FACTOR;
			long silent = this.lane.now() - this.lastReceived;
			if (silent >= deadline) {
				lost(new ChatError(ChatError.CONNECTION_LOST, "no heart-beat for " + silent + " ms"), -1, false);
			}
			else {
				scheduleLiveness(deadline - silent);
			}
		});
	}

	private void subscribe(Conversation conversation) {
		String id = subscribe(TOPIC_PREFIX + conversation.id(), () -> {
			conversation.subscribed(true);
			if (this.acksReady && this.errorsReady) {
				this.outbox.flush(conversation.id());
			}
		});
		conversation.subscribing(id);
	}

	private String subscribe(String destination, Runnable onReceipt) {
		String id = "sub-" + (++this.nextId);
		this.destinations.put(id, destination);
		if (onReceipt != null) {
			String receipt = "receipt-" + id;
			this.receipts.put(receipt, onReceipt);
			transmit(StompFrame.of("SUBSCRIBE", "id", id, "destination", destination, "ack", "auto", "receipt",
					receipt));
		}
		else {
			transmit(StompFrame.of("SUBSCRIBE", "id", id, "destination", destination, "ack", "auto"));
		}
		return id;
	}

	private void queuesReady() {
		if (this.acksReady && this.errorsReady) {
			this.conversations.values()
				.stream()
				.filter(Conversation::subscribed)
				.forEach(conversation -> this.outbox.flush(conversation.id()));
		}
	}

	private void message(StompFrame frame) {
		String destination = this.destinations.getOrDefault(frame.header("subscription"),
				String.valueOf(frame.header("destination")));
		JsonNode body;
		try {
			body = Json.parse(frame.body());
		}
		catch (RuntimeException ex) {
			log.log(Level.WARNING, "Ignored a MESSAGE on {0} whose body is not JSON", destination);
			return;
		}
		if (destination.equals(ACKS)) {
			this.outbox.ack(body);
		}
		else if (destination.equals(ERRORS)) {
			queueError(body);
		}
		else if (destination.equals(SESSION)) {
			sessionNotice(body);
		}
		else if (destination.startsWith(TOPIC_PREFIX)) {
			Conversation conversation = conversationOf(destination);
			if (conversation != null) {
				conversation.event(body, frame.header("event-type"));
			}
		}
	}

	private Conversation conversationOf(String destination) {
		try {
			return this.conversations.get(UUID.fromString(destination.substring(TOPIC_PREFIX.length())));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void queueError(JsonNode body) {
		ChatError error = Json.error(body);
		String destination = String.valueOf(Json.text(body, "destination"));
		if (destination.startsWith(TOPIC_PREFIX)) {
			Conversation conversation = conversationOf(destination);
			if (conversation != null) {
				conversation.subscriptionRefused(error);
			}
		}
		else if (destination.equals(TOKEN_DESTINATION)) {
			if (this.refreshingToken != null) {
				this.rejected.add(this.refreshingToken);
				this.refreshingToken = null;
			}
			log.log(Level.WARNING, "The server refused the refreshed token ({0}); the session lives until its expiry",
					error.code());
		}
		else if (!destination.equals(SESSION)) {
			log.log(Level.INFO, "Server error {0} for {1}", error.code(), destination);
		}
	}

	private void sessionNotice(JsonNode body) {
		String type = String.valueOf(Json.text(body, "type"));
		switch (type) {
			case "token.expiring" -> refreshInBand();
			case "token.refreshed" -> {
				if (this.refreshingToken != null) {
					this.token = this.refreshingToken;
					this.refreshingToken = null;
				}
				java.time.Instant confirmed = Json.instant(body, "expiresAt");
				this.sessionExpiresAt = (confirmed != null) ? confirmed : expiryOf(this.token);
				scheduleRefresh();
			}
			case "server.draining" -> this.draining = true;
			default -> log.log(Level.DEBUG, "Ignored session notice {0}", type);
		}
	}

	/** Refreshes in band ahead of the expiry, in case the server's warning is lost. */
	private void scheduleRefresh() {
		cancel(this.refreshTimer);
		java.time.Instant expiresAt = this.sessionExpiresAt;
		if (expiresAt == null) {
			return;
		}
		long due = expiresAt.toEpochMilli() - REFRESH_BEFORE_EXPIRY_MILLIS - this.clock.millis();
		// Not at once: the server's own warning usually comes first, and the SEND must
		// follow the subscriptions.
		this.refreshTimer = this.lane.schedule(Math.max(due, 1_000), () -> {
			if (this.stompConnected && expiresAt.equals(this.sessionExpiresAt) && this.refreshingToken == null) {
				refreshInBand();
			}
		});
	}

	private void refreshInBand() {
		if (this.refreshingToken != null) {
			return;
		}
		int current = this.epoch;
		token(TokenSupplier.Reason.EXPIRING).whenCompleteAsync((fresh, ex) -> {
			if (this.epoch != current || !this.stompConnected) {
				return;
			}
			if (ex != null || fresh == null || fresh.isBlank() || fresh.equals(this.token)
					|| this.rejected.contains(fresh)) {
				log.log(Level.WARNING, "No fresh token for the in-band refresh; the session lives until its expiry");
				return;
			}
			this.refreshingToken = fresh;
			sendJson(TOKEN_DESTINATION, Json.object().put("token", fresh));
		}, this.lane);
	}

	private void serverError(StompFrame frame) {
		String code = frame.header("message");
		JsonNode body = null;
		try {
			body = Json.parse(frame.body());
		}
		catch (RuntimeException ex) {
			// not JSON; the header says enough
		}
		ChatError error = (body != null && Json.text(body, "code") != null) ? Json.error(body)
				: new ChatError(String.valueOf(code), "ERROR frame");
		if (code != null && !code.equals(error.code())) {
			error = new ChatError(code, error.message());
		}
		lost(error, Json.retryAfterMillis(body), false);
	}

	/** The connection or the attempt ended; decides what comes next. */
	private void lost(ChatError cause, long retryAfterMillis, boolean drained) {
		teardown();
		markDisconnected();
		this.draining = false;
		switch (cause.code()) {
			case "REVOKED" -> {
				if (this.token != null) {
					this.rejected.add(this.token);
				}
				fail(cause);
			}
			case "UNAUTHORIZED" -> {
				if (this.token != null) {
					this.rejected.add(this.token);
				}
				if (this.token != null && expired(this.token) && this.expiredStreak == 0) {
					// Refused because it expired (the server says UNAUTHORIZED for an
					// expired token on CONNECT): one fresh token, like TOKEN_EXPIRED.
					this.forceFreshToken = true;
					this.expiredStreak++;
					attempt();
				}
				else {
					fail(cause);
				}
			}
			case "TOKEN_EXPIRED" -> {
				if (this.token != null) {
					this.rejected.add(this.token);
				}
				this.forceFreshToken = true;
				this.expiredStreak++;
				if (this.expiredStreak == 1) {
					attempt();
				}
				else {
					retryLater(cause, retryAfterMillis);
				}
			}
			default -> {
				if (drained) {
					long delay = (long) (this.random.nextDouble() * DRAIN_JITTER_MILLIS);
					setState(this.suspended ? new ConnectionState.Suspended(cause)
							: new ConnectionState.Reconnecting(Math.max(this.failures, 1), delay, cause));
					this.retryTimer = this.lane.schedule(delay, this::attempt);
				}
				else {
					retryLater(cause, retryAfterMillis);
				}
			}
		}
	}

	private void retryLater(ChatError cause, long retryAfterMillis) {
		this.failures++;
		this.urlIndex++;
		long delay = Math.max(Backoff.delayMillis(this.failures, this.random.nextDouble()), retryAfterMillis);
		setState(this.suspended ? new ConnectionState.Suspended(cause)
				: new ConnectionState.Reconnecting(this.failures, delay, cause));
		this.retryTimer = this.lane.schedule(delay, this::attempt);
	}

	private void fail(ChatError error) {
		teardown();
		cancel(this.retryTimer);
		cancel(this.suspendTimer);
		this.disconnectedSince = -1;
		this.suspended = false;
		setState(new ConnectionState.Error(error));
	}

	/**
	 * Ends the current socket and everything tied to it; keeps the retry decision open.
	 */
	private void teardown() {
		this.epoch++;
		cancel(this.attemptTimer);
		cancel(this.heartbeatTimer);
		cancel(this.livenessTimer);
		cancel(this.stableTimer);
		cancel(this.refreshTimer);
		if (this.socket != null) {
			this.socket.abort();
			this.socket = null;
		}
		boolean wasConnected = this.stompConnected;
		this.stompConnected = false;
		this.acksReady = false;
		this.errorsReady = false;
		this.destinations.clear();
		this.receipts.clear();
		this.refreshingToken = null;
		if (wasConnected) {
			this.outbox.disconnected();
			this.conversations.values().forEach(Conversation::disconnected);
		}
	}

	private void markDisconnected() {
		if (this.disconnectedSince >= 0) {
			return;
		}
		this.disconnectedSince = this.lane.now();
		this.suspendTimer = this.lane.schedule(SUSPEND_AFTER_MILLIS, () -> {
			if (this.stompConnected || isFinal()) {
				return;
			}
			this.suspended = true;
			ChatError cause = (this.state instanceof ConnectionState.Reconnecting reconnecting) ? reconnecting.cause()
					: offline();
			setState(new ConnectionState.Suspended(cause));
		});
	}

	private boolean isFinal() {
		return this.state instanceof ConnectionState.Closed || this.state instanceof ConnectionState.Error;
	}

	private static ChatError offline() {
		return new ChatError(ChatError.CONNECTION_LOST, "the network is offline");
	}

	// --- tokens ---

	/** One token request at a time; callers share the one in flight. */
	private CompletableFuture<String> token(TokenSupplier.Reason reason) {
		if (this.tokenInFlight != null) {
			return this.tokenInFlight;
		}
		CompletableFuture<String> requested;
		try {
			requested = this.tokens.token(reason).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			requested = CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<String> shared = requested.whenCompleteAsync((value, ex) -> this.tokenInFlight = null,
				this.lane);
		this.tokenInFlight = shared;
		return shared;
	}

	/** The token's {@code sub}, read without checking it (the server checks it). */
	static String subjectOf(String jwt) {
		JsonNode claims = claims(jwt);
		return (claims != null) ? Json.text(claims, "sub") : null;
	}

	/**
	 * Whether the token's {@code exp} has passed by the wall clock (false without one).
	 */
	private boolean expired(String jwt) {
		JsonNode claims = claims(jwt);
		long exp = (claims != null) ? Json.number(claims, "exp", -1) : -1;
		return exp >= 0 && exp * 1000 <= this.clock.millis();
	}

	private static java.time.Instant expiryOf(String jwt) {
		JsonNode claims = (jwt != null) ? claims(jwt) : null;
		long exp = (claims != null) ? Json.number(claims, "exp", -1) : -1;
		return (exp >= 0) ? java.time.Instant.ofEpochSecond(exp) : null;
	}

	private static JsonNode claims(String jwt) {
		try {
			String[] parts = jwt.split("\\.");
			byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
			return Json.parse(new String(payload, StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	// --- helpers ---

	private void setState(ConnectionState next) {
		if (next.equals(this.state)) {
			return;
		}
		this.state = next;
		for (Listening<ConnectionState> listener : this.stateListeners) {
			listener.deliver(next);
		}
	}

	static void cancel(ChatScheduler.Cancellable timer) {
		if (timer != null) {
			timer.cancel();
		}
	}

	static Throwable unwrap(Throwable ex) {
		while (ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null) {
			ex = ex.getCause();
		}
		return ex;
	}

	private static <T> void complete(CompletableFuture<T> future, T value, Throwable ex) {
		if (ex != null) {
			future.completeExceptionally(ex);
		}
		else {
			future.complete(value);
		}
	}

}
