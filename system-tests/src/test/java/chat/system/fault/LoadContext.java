package chat.system.fault;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * What all clients of one load share: one STOMP client (one WebSocket container), the
 * schedulers, the HTTP client for history, and where the system is.
 */
final class LoadContext implements AutoCloseable {

	final WebSocketStompClient stomp;

	final ThreadPoolTaskScheduler stompScheduler;

	final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	final ExecutorService catchUpPool = Executors.newFixedThreadPool(8);

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	final List<String> edgeUrls;

	final String messageServiceUrl;

	final AtomicInteger clientErrors = new AtomicInteger();

	private final java.util.Map<java.util.UUID, ChatClient.Send> allSends = new java.util.concurrent.ConcurrentHashMap<>();

	LoadContext(List<String> edgeUrls, String messageServiceUrl) {
		this.edgeUrls = edgeUrls;
		this.messageServiceUrl = messageServiceUrl;
		this.stompScheduler = new ThreadPoolTaskScheduler();
		this.stompScheduler.setPoolSize(2);
		this.stompScheduler.setThreadNamePrefix("fault-stomp-");
		this.stompScheduler.initialize();
		this.stomp = new WebSocketStompClient(new StandardWebSocketClient());
		this.stomp.setMessageConverter(new RawJson());
		this.stomp.setTaskScheduler(this.stompScheduler);
		// Heart-beats find a silently dead connection; a killed node is seen at once
		// (RST).
		this.stomp.setDefaultHeartbeat(new long[] { 5000, 5000 });
		this.stomp.setReceiptTimeLimit(15_000);
	}

	void sent(ChatClient.Send send) {
		this.allSends.put(send.clientMessageId, send);
	}

	ChatClient.Send send(java.util.UUID clientMessageId) {
		return this.allSends.get(clientMessageId);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.catchUpPool.shutdownNow();
		this.stomp.stop();
		this.stompScheduler.shutdown();
	}

	/** Passes JSON bodies through as bytes; clients read them with the wire mapper. */
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

}
