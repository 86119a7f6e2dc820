package chat.system;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import chat.contracts.ChatJson;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A real STOMP 1.2 client over a real WebSocket: connects with a bearer token, records
 * every frame of every subscription as JSON, and sends JSON bodies.
 */
final class StompTestClient implements AutoCloseable {

	/**
	 * One received frame: its STOMP headers, JSON body and {@link System#nanoTime()} of
	 * arrival.
	 */
	record Frame(StompHeaders headers, JsonNode body, long receivedAtNanos) {
	}

	private final WebSocketStompClient client;

	private final ThreadPoolTaskScheduler scheduler;

	private final StompSession session;

	private final Map<String, List<Frame>> received = new java.util.concurrent.ConcurrentHashMap<>();

	private final Trouble trouble;

	private StompTestClient(WebSocketStompClient client, ThreadPoolTaskScheduler scheduler, StompSession session,
			Trouble trouble) {
		this.client = client;
		this.scheduler = scheduler;
		this.session = session;
		this.trouble = trouble;
	}

	static StompTestClient connect(String url, String token) throws Exception {
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new RawJson());
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("stomp-client-");
		scheduler.initialize();
		client.setTaskScheduler(scheduler);
		StompHeaders connect = new StompHeaders();
		connect.add("Authorization", "Bearer " + token);
		Trouble trouble = new Trouble();
		StompSession session = client.connectAsync(url, new WebSocketHttpHeaders(), connect, trouble)
			.get(10, TimeUnit.SECONDS);
		return new StompTestClient(client, scheduler, session, trouble);
	}

	/**
	 * Subscribes and waits for the server's RECEIPT, so that later events are not missed.
	 */
	StompTestClient subscribe(String destination) throws Exception {
		List<Frame> frames = this.received.computeIfAbsent(destination, d -> new CopyOnWriteArrayList<>());
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setReceipt("sub-" + destination);
		java.util.concurrent.CompletableFuture<Void> receipt = new java.util.concurrent.CompletableFuture<>();
		this.session.setAutoReceipt(false);
		StompSession.Subscription subscription = this.session.subscribe(headers, new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				frames.add(new Frame(headers, ChatJson.mapper().readTree((byte[]) payload), System.nanoTime()));
			}
		});
		subscription.addReceiptTask(() -> receipt.complete(null));
		receipt.get(10, TimeUnit.SECONDS);
		return this;
	}

	/**
	 * Subscribes without waiting: for a SUBSCRIBE the edge is expected to refuse (it
	 * sends no RECEIPT then).
	 */
	void subscribeWithoutReceipt(String destination) {
		List<Frame> frames = this.received.computeIfAbsent(destination, d -> new CopyOnWriteArrayList<>());
		this.session.subscribe(destination, new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				frames.add(new Frame(headers, ChatJson.mapper().readTree((byte[]) payload), System.nanoTime()));
			}
		});
	}

	void send(String destination, Object body) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
		try {
			this.session.send(headers, ChatJson.mapper().writeValueAsBytes(body));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("SEND failed; the session saw: " + this.trouble.seen, ex);
		}
	}

	/** Every frame received so far on {@code destination}, in arrival order. */
	List<Frame> frames(String destination) {
		return new ArrayList<>(this.received.getOrDefault(destination, List.of()));
	}

	List<JsonNode> bodies(String destination) {
		return frames(destination).stream().map(Frame::body).toList();
	}

	boolean isConnected() {
		return this.session.isConnected();
	}

	/**
	 * Remembers why a session ended (an ERROR frame, a transport error), so that a test
	 * failing on a closed session says why.
	 */
	private static final class Trouble extends StompSessionHandlerAdapter {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			this.seen.add("ERROR frame " + headers + " " + ((payload instanceof byte[] bytes)
					? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : payload));
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			this.seen.add("transport error " + exception);
		}

		@Override
		public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
				Throwable exception) {
			this.seen.add("exception on " + command + ": " + exception);
		}

	}

	/** Passes JSON bodies through as bytes; the test reads them with the wire mapper. */
	private static final class RawJson extends AbstractMessageConverter {

		RawJson() {
			super(MimeTypeUtils.APPLICATION_JSON, MimeTypeUtils.APPLICATION_OCTET_STREAM, MimeTypeUtils.TEXT_PLAIN);
		}

		@Override
		protected boolean supports(Class<?> clazz) {
			return clazz == byte[].class;
		}

		@Override
		protected Object convertFromInternal(Message<?> message, Class<?> targetClass, Object conversionHint) {
			return message.getPayload();
		}

		@Override
		protected Object convertToInternal(Object payload, MessageHeaders headers, Object conversionHint) {
			return payload;
		}

	}

	@Override
	public void close() {
		if (this.session.isConnected()) {
			try {
				this.session.disconnect();
			}
			catch (RuntimeException ex) {
				// DISCONNECT is a courtesy; a heart-beat being written at the same moment
				// makes Tomcat's client refuse it, and the socket is closed below anyway
			}
		}
		this.client.stop();
		this.scheduler.shutdown();
	}

}
