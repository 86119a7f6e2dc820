package chat.client;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-process edge plus message service that keeps the protocol's promises (dedupe by
 * sender and clientMessageId, gap-free seq, RECEIPT after SUBSCRIBE, fan-out to
 * subscribers, one ack per attempt), with knobs to break them on purpose: withheld acks
 * and receipts, refused tokens, rejections, dropped sockets, held REST calls. It is both
 * the client's {@link Transport} and its {@link ChatApi}.
 */
final class FakeServer implements Transport, ChatApi {

	/** A stored message. */
	record Stored(UUID conversationId, long seq, UUID messageId, String senderId, UUID clientMessageId, String text) {
	}

	final class Connection implements Transport.Socket {

		final Transport.Listener listener;

		final URI uri;

		final List<StompFrame> received = new ArrayList<>();

		final List<Long> receivedAt = new ArrayList<>();

		final Map<String, String> subscriptions = new LinkedHashMap<>();

		String user;

		int heartbeats;

		boolean open = true;

		private final StompCodec.Decoder decoder = new StompCodec.Decoder();

		Connection(URI uri, Transport.Listener listener) {
			this.uri = uri;
			this.listener = listener;
		}

		@Override
		public void send(String text) {
			if (!this.open) {
				return;
			}
			if (text.equals("\n")) {
				this.heartbeats++;
			}
			for (StompFrame frame : this.decoder.feed(text)) {
				this.received.add(frame);
				this.receivedAt.add(FakeServer.this.now.getAsLong());
				handle(this, frame);
			}
		}

		@Override
		public void close() {
			end(1000);
		}

		@Override
		public void abort() {
			end(1006);
		}

		/** Ends the connection from the server's side. */
		void end(int code) {
			if (this.open) {
				this.open = false;
				FakeServer.this.connections.remove(this);
				this.listener.closed(code, "");
			}
		}

		void deliver(StompFrame frame) {
			if (this.open) {
				this.listener.text(StompCodec.encode(frame));
			}
		}

		void deliver(String destination, JsonNode body) {
			this.subscriptions.forEach((id, subscribed) -> {
				if (subscribed.equals(destination)) {
					String type = Json.text(body, "type");
					deliver((type != null)
							? StompFrame.withBody("MESSAGE", Json.write(body), "subscription", id, "destination",
									destination, "message-id", UUID.randomUUID().toString(), "event-type", type)
							: StompFrame.withBody("MESSAGE", Json.write(body), "subscription", id, "destination",
									destination, "message-id", UUID.randomUUID().toString()));
				}
			});
		}

		List<StompFrame> sent(String command, String destination) {
			return this.received.stream()
				.filter(f -> f.command().equals(command)
						&& (destination == null || destination.equals(f.header("destination"))))
				.toList();
		}

	}

	enum Acks {

		/** Every send is stored and acked. */
		AUTO,

		/** Sends are stored, but no ack goes out. */
		SILENT,

		/** Sends are dropped: neither stored nor acked. */
		LOST

	}

	final List<Connection> connections = new ArrayList<>();

	final List<Connection> everConnected = new ArrayList<>();

	final List<String> connectTokens = new ArrayList<>();

	final Map<String, String> refusedTokens = new HashMap<>();

	final Deque<ObjectNode> nextConnectErrors = new ArrayDeque<>();

	final Deque<ObjectNode> nextRejections = new ArrayDeque<>();

	final Set<String> withheldReceipts = new HashSet<>();

	final Map<UUID, List<Stored>> messages = new HashMap<>();

	final Map<UUID, Set<String>> members = new HashMap<>();

	final Map<String, Stored> byClientId = new HashMap<>();

	final Map<UUID, Map<String, long[]>> watermarks = new HashMap<>();

	final List<Runnable> heldRest = new ArrayList<>();

	Acks acks = Acks.AUTO;

	java.util.function.LongSupplier now = () -> 0;

	boolean silentConnect;

	/**
	 * The heart-beat header of CONNECTED; this fake sends no heart-beats unless a test
	 * does.
	 */
	String heartBeat = "0,0";

	boolean refuseSockets;

	boolean holdRest;

	int restCalls;

	UUID conversation(String... memberIds) {
		UUID id = UUID.randomUUID();
		this.members.put(id, new HashSet<>(List.of(memberIds)));
		this.messages.put(id, new ArrayList<>());
		return id;
	}

	// --- Transport ---

	@Override
	public void open(URI uri, Transport.Listener listener) {
		if (this.refuseSockets) {
			listener.closed(1006, "connection refused");
			return;
		}
		Connection connection = new Connection(uri, listener);
		this.connections.add(connection);
		this.everConnected.add(connection);
		listener.opened(connection);
	}

	Connection last() {
		return this.everConnected.get(this.everConnected.size() - 1);
	}

	/** Drops every open socket, as a dying edge would. */
	void dropAll() {
		new ArrayList<>(this.connections).forEach(c -> c.end(1006));
	}

	private void handle(Connection connection, StompFrame frame) {
		switch (frame.command()) {
			case "CONNECT" -> connect(connection, frame);
			case "SUBSCRIBE" -> subscribe(connection, frame);
			case "UNSUBSCRIBE" -> connection.subscriptions.remove(frame.header("id"));
			case "SEND" -> send(connection, frame);
			case "DISCONNECT" -> connection.end(1000);
			default -> {
			}
		}
	}

	private void connect(Connection connection, StompFrame frame) {
		String token = frame.header("Authorization").substring("Bearer ".length());
		this.connectTokens.add(token);
		if (this.silentConnect) {
			return;
		}
		ObjectNode error = this.nextConnectErrors.poll();
		String refusal = this.refusedTokens.get(token);
		if (error == null && refusal != null) {
			error = Json.object().put("code", refusal).put("message", "refused");
		}
		if (error != null) {
			connection.deliver(StompFrame.withBody("ERROR", Json.write(error), "message", Json.text(error, "code"),
					"content-type", "application/json"));
			connection.end(1002);
			return;
		}
		connection.user = Engine.subjectOf(token);
		connection.deliver(StompFrame.of("CONNECTED", "version", "1.2", "heart-beat", this.heartBeat, "user-name",
				connection.user));
	}

	/**
	 * Sends an ERROR frame and closes, as the edge does at token expiry or revocation.
	 */
	void errorAndClose(Connection connection, String code) {
		connection.deliver(StompFrame.withBody("ERROR", Json.write(Json.object().put("code", code).put("message", "x")),
				"message", code));
		connection.end(1002);
	}

	private void subscribe(Connection connection, StompFrame frame) {
		String destination = frame.header("destination");
		if (destination.startsWith(Engine.TOPIC_PREFIX)) {
			UUID id = UUID.fromString(destination.substring(Engine.TOPIC_PREFIX.length()));
			if (!this.members.getOrDefault(id, Set.of()).contains(connection.user)) {
				queueError(connection, this.members.containsKey(id) ? "NOT_MEMBER" : "NOT_FOUND", destination);
				return;
			}
		}
		connection.subscriptions.put(frame.header("id"), destination);
		String receipt = frame.header("receipt");
		if (receipt != null && !this.withheldReceipts.contains(destination)) {
			connection.deliver(StompFrame.of("RECEIPT", "receipt-id", receipt));
		}
	}

	void queueError(Connection connection, String code, String destination) {
		connection.deliver(Engine.ERRORS,
				Json.object().put("code", code).put("message", "x").put("destination", destination));
	}

	private void send(Connection connection, StompFrame frame) {
		String destination = frame.header("destination");
		JsonNode body = Json.parse(frame.body());
		if (destination.endsWith("/messages")) {
			if (this.acks == Acks.LOST) {
				return;
			}
			UUID conversationId = UUID.fromString(destination.split("/")[3]);
			UUID clientMessageId = Json.uuid(body, "clientMessageId");
			ObjectNode rejection = this.nextRejections.poll();
			if (rejection != null) {
				ack(connection.user,
						Json.object()
							.put("clientMessageId", clientMessageId.toString())
							.put("conversationId", conversationId.toString())
							.put("status", "REJECTED")
							.set("error", rejection));
				return;
			}
			Stored stored = this.byClientId.get(connection.user + "/" + clientMessageId);
			if (stored == null) {
				stored = store(conversationId, connection.user, clientMessageId, Json.text(body, "text"));
			}
			if (this.acks == Acks.AUTO) {
				ack(connection.user, acceptedAck(stored));
			}
		}
		else if (destination.equals(Engine.TOKEN_DESTINATION)) {
			String fresh = Json.text(body, "token");
			if (this.refusedTokens.containsKey(fresh)) {
				queueError(connection, "UNAUTHORIZED", Engine.TOKEN_DESTINATION);
			}
			else {
				connection.deliver(Engine.SESSION,
						Json.object().put("type", "token.refreshed").put("expiresAt", "2026-12-01T12:00:00Z"));
			}
		}
	}

	static ObjectNode acceptedAck(Stored stored) {
		return Json.object()
			.put("clientMessageId", stored.clientMessageId().toString())
			.put("conversationId", stored.conversationId().toString())
			.put("status", "ACCEPTED")
			.put("messageId", stored.messageId().toString())
			.put("seq", stored.seq())
			.put("createdAt", Instant.ofEpochSecond(1_800_000_000L + stored.seq()).toString());
	}

	void ack(String user, JsonNode ack) {
		for (Connection c : new ArrayList<>(this.connections)) {
			if (user.equals(c.user)) {
				c.deliver(Engine.ACKS, ack);
			}
		}
	}

	/** Stores a message and fans it out to the conversation's subscribers. */
	Stored store(UUID conversationId, String senderId, UUID clientMessageId, String text) {
		List<Stored> list = this.messages.get(conversationId);
		Stored stored = new Stored(conversationId, list.size() + 1, UUID.randomUUID(), senderId, clientMessageId, text);
		list.add(stored);
		this.byClientId.put(senderId + "/" + clientMessageId, stored);
		publish(stored);
		return stored;
	}

	void publish(Stored stored) {
		for (Connection c : new ArrayList<>(this.connections)) {
			c.deliver(Engine.TOPIC_PREFIX + stored.conversationId(), created(stored));
		}
	}

	static ObjectNode created(Stored stored) {
		return Json.object()
			.put("type", "message.created")
			.put("messageId", stored.messageId().toString())
			.put("conversationId", stored.conversationId().toString())
			.put("seq", stored.seq())
			.put("senderId", stored.senderId())
			.put("clientMessageId", stored.clientMessageId().toString())
			.put("text", stored.text())
			.put("createdAt", Instant.ofEpochSecond(1_800_000_000L + stored.seq()).toString());
	}

	/** Sends a conversation event to every subscriber. */
	void event(UUID conversationId, ObjectNode body) {
		for (Connection c : new ArrayList<>(this.connections)) {
			c.deliver(Engine.TOPIC_PREFIX + conversationId, body);
		}
	}

	// --- ChatApi ---

	private <T> CompletableFuture<T> rest(java.util.function.Supplier<T> answer) {
		this.restCalls++;
		CompletableFuture<T> future = new CompletableFuture<>();
		Runnable run = () -> future.complete(answer.get());
		if (this.holdRest) {
			this.heldRest.add(run);
		}
		else {
			run.run();
		}
		return future;
	}

	void releaseRest() {
		List<Runnable> held = new ArrayList<>(this.heldRest);
		this.heldRest.clear();
		held.forEach(Runnable::run);
	}

	@Override
	public CompletableFuture<ConversationInfo> conversation(UUID conversationId, String token) {
		return rest(() -> new ConversationInfo(conversationId, null, "x", this.messages.get(conversationId).size(),
				List.copyOf(this.members.get(conversationId))));
	}

	@Override
	public CompletableFuture<ConversationInfo> createConversation(String title, List<String> memberIds, String token) {
		List<String> all = new ArrayList<>(memberIds);
		all.add(Engine.subjectOf(token));
		UUID id = conversation(all.toArray(String[]::new));
		return conversation(id, token);
	}

	@Override
	public CompletableFuture<Page> messagesAfter(UUID conversationId, long afterSeq, int limit, String token) {
		return rest(() -> {
			List<Stored> all = this.messages.get(conversationId);
			List<Message> page = all.stream()
				.filter(s -> s.seq() > afterSeq)
				.limit(limit)
				.map(FakeServer::message)
				.toList();
			boolean more = !page.isEmpty() && page.get(page.size() - 1).seq() < all.size();
			return new Page(page, more);
		});
	}

	@Override
	public CompletableFuture<Page> messagesBefore(UUID conversationId, long beforeSeq, int limit, String token) {
		return rest(() -> {
			List<Message> older = this.messages.get(conversationId)
				.stream()
				.filter(s -> s.seq() < beforeSeq)
				.map(FakeServer::message)
				.toList();
			List<Message> page = older.subList(Math.max(0, older.size() - limit), older.size());
			return new Page(page, older.size() > limit);
		});
	}

	@Override
	public CompletableFuture<List<Watermark>> receipts(UUID conversationId, String token) {
		return rest(() -> this.watermarks.getOrDefault(conversationId, Map.of())
			.entrySet()
			.stream()
			.map(e -> new Watermark(e.getKey(), e.getValue()[0], e.getValue()[1]))
			.toList());
	}

	static Message message(Stored s) {
		return Json.storedMessage(created(s));
	}

}
