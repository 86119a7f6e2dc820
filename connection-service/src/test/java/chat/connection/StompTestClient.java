package chat.connection;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import chat.contracts.ChatJson;
import chat.contracts.client.ClientError;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageAck;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.client.ReceiptFrame;
import chat.contracts.client.SendMessageFrame;
import chat.contracts.client.TypingFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A real STOMP 1.2 client over a real WebSocket, as an app would use the edge: CONNECT
 * with {@code Authorization: Bearer}, JSON bodies, and every frame received kept per
 * destination for assertions. Thread-safe: frames arrive on the client's WebSocket thread
 * while the test reads them.
 */
public final class StompTestClient implements AutoCloseable {

	public static final String ACKS = ConversationEvents.ACKS;

	public static final String ERRORS = ConversationEvents.ERRORS;

	private static final Logger log = LoggerFactory.getLogger(StompTestClient.class);

	/** How long a subscription may take to be confirmed on a busy machine. */
	private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(20);

	private static final WebSocketStompClient STOMP = stompClient();

	private final StompSession session;

	private final Map<String, Queue<Frame>> received = new ConcurrentHashMap<>();

	/** A frame received on a subscription: its STOMP headers and JSON body. */
	public record Frame(StompHeaders headers, JsonNode body) {

		public <T> T as(Class<T> type) {
			return ChatJson.mapper().treeToValue(this.body, type);
		}

		/** Whether the {@code event-type} header is {@code eventType}. */
		public boolean isA(String eventType) {
			return eventType.equals(this.headers.getFirst(ConversationEvents.EVENT_TYPE_HEADER));
		}

	}

	private StompTestClient(StompSession session) {
		this.session = session;
	}

	private static WebSocketStompClient stompClient() {
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new CompositeMessageConverter(
				List.of(new StringMessageConverter(), new JacksonJsonMessageConverter(ChatJson.mapper()))));
		// needed to track receipts (and to send heart-beats)
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("stomp-test-client-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		client.setTaskScheduler(scheduler);
		client.setReceiptTimeLimit(RECEIPT_TIMEOUT.toMillis());
		return client;
	}

	/**
	 * Connects with {@code Authorization: Bearer token}; fails when the edge refuses the
	 * session.
	 */
	public static StompTestClient connect(String url, String token) {
		StompHeaders connect = new StompHeaders();
		connect.add("Authorization", "Bearer " + token);
		try {
			return new StompTestClient(
					STOMP.connectAsync(url, new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {
						@Override
						public Type getPayloadType(StompHeaders headers) {
							return JsonNode.class;
						}

						@Override
						public void handleFrame(StompHeaders headers, Object payload) {
							// the server answers a DISCONNECT with ERROR "Session
							// closed."
							log.debug("ERROR frame {} {}", headers, payload);
						}

						@Override
						public void handleException(StompSession session, StompCommand command, StompHeaders headers,
								byte[] payload, Throwable exception) {
							log.warn("Could not handle {} {}", command, headers, exception);
						}
					}).get(10, TimeUnit.SECONDS));
		}
		catch (Exception ex) {
			throw new IllegalStateException("STOMP CONNECT failed", ex);
		}
	}

	/**
	 * Subscribes to {@code /user/queue/errors} and {@code /user/queue/acks} and waits for
	 * both receipts.
	 */
	public void subscribeAcksAndErrors() {
		subscribeAndAwait("/user" + ERRORS);
		subscribeAndAwait("/user" + ACKS);
	}

	/**
	 * Sends SUBSCRIBE with a {@code receipt} header; the future completes on the RECEIPT,
	 * which the edge sends once the subscription is registered, and fails if none comes
	 * (a refused subscription).
	 */
	public CompletableFuture<Void> subscribe(String destination) {
		Queue<Frame> frames = this.received.computeIfAbsent(destination, d -> new ConcurrentLinkedQueue<>());
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setReceipt(UUID.randomUUID().toString());
		StompSession.Subscription subscription = this.session.subscribe(headers, new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return JsonNode.class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				frames.add(new Frame(headers, (JsonNode) payload));
			}
		});
		CompletableFuture<Void> receipt = new CompletableFuture<>();
		subscription.addReceiptTask(() -> receipt.complete(null));
		subscription.addReceiptLostTask(
				() -> receipt.completeExceptionally(new IllegalStateException("No RECEIPT for " + destination)));
		return receipt;
	}

	/**
	 * Subscribes and waits until the edge confirms that events of {@code destination}
	 * reach this session.
	 */
	public void subscribeAndAwait(String destination) {
		try {
			subscribe(destination).get(RECEIPT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("SUBSCRIBE " + destination + " not confirmed", ex);
		}
	}

	public void subscribeConversation(UUID conversationId) {
		subscribeAndAwait(ConversationEvents.topic(conversationId));
	}

	/** SEND to {@code /app/conversations/{cid}/messages} with a JSON send frame. */
	public void sendMessage(Object conversationId, String clientMessageId, String text) {
		send("/app/conversations/" + conversationId + "/messages", new SendMessageFrame(clientMessageId, text));
	}

	/**
	 * {@code /app/conversations/{cid}/{signal}}: {@code typing}, {@code delivered} or
	 * {@code read}.
	 */
	public static String signal(Object conversationId, String signal) {
		return "/app/conversations/" + conversationId + "/" + signal;
	}

	/** SEND {@code {"typing": typing}} to {@code /app/conversations/{cid}/typing}. */
	public void sendTyping(Object conversationId, boolean typing) {
		send(signal(conversationId, "typing"), new TypingFrame(typing));
	}

	/**
	 * SEND {@code {"upToSeq": upToSeq}} to {@code /app/conversations/{cid}/delivered}.
	 */
	public void sendDelivered(Object conversationId, long upToSeq) {
		send(signal(conversationId, "delivered"), new ReceiptFrame(upToSeq));
	}

	/** SEND {@code {"upToSeq": upToSeq}} to {@code /app/conversations/{cid}/read}. */
	public void sendRead(Object conversationId, long upToSeq) {
		send(signal(conversationId, "read"), new ReceiptFrame(upToSeq));
	}

	/**
	 * SEND with a body converted by type: a String as text/plain, anything else as JSON.
	 */
	public void send(String destination, Object body) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		this.session.send(headers, body);
	}

	public List<Frame> frames(String destination) {
		return List.copyOf(this.received.getOrDefault(destination, new ConcurrentLinkedQueue<>()));
	}

	public List<MessageAck> acks() {
		return frames("/user" + ACKS).stream().map(frame -> frame.as(MessageAck.class)).toList();
	}

	public List<ClientError> errors() {
		return frames("/user" + ERRORS).stream().map(frame -> frame.as(ClientError.class)).toList();
	}

	/** Every event received on {@code /topic/conversations/{cid}}, of any type. */
	public List<Frame> conversation(UUID conversationId) {
		return frames(ConversationEvents.topic(conversationId));
	}

	/**
	 * The {@code message.created} events received on {@code /topic/conversations/{cid}}.
	 */
	public List<Frame> messagesCreated(UUID conversationId) {
		return events(conversationId, MessageCreatedFrame.TYPE);
	}

	/**
	 * The events of {@code eventType} (by their {@code event-type} header) received for a
	 * conversation.
	 */
	public List<Frame> events(UUID conversationId, String eventType) {
		return conversation(conversationId).stream().filter(frame -> frame.isA(eventType)).toList();
	}

	public boolean isConnected() {
		return this.session.isConnected();
	}

	@Override
	public void close() {
		if (this.session.isConnected()) {
			this.session.disconnect();
		}
	}

}
