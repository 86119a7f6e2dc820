package chat.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One STOMP 1.2 session over the JDK's WebSocket client. Light on purpose: no thread of
 * its own (all sessions share one {@link HttpClient}, its selector thread and its small
 * executor), no heart-beats ({@code heart-beat:0,0}), text frames only.
 *
 * <p>
 * Threads: {@link #send} may be called from any thread; sends are chained, because the
 * JDK allows one outstanding send per WebSocket. Frames are handed to the listener on the
 * client's executor, one at a time per session, in arrival order, with the
 * {@link System#nanoTime()} at which their WebSocket message was complete.
 */
final class StompConnection {

	/** A received frame and when its last WebSocket fragment arrived. */
	interface FrameListener {

		void onFrame(StompFrame frame, long receivedAtNanos);

	}

	private final WebSocket socket;

	private final Inbound inbound;

	private CompletableFuture<WebSocket> lastSend;

	private StompConnection(WebSocket socket, Inbound inbound) {
		this.socket = socket;
		this.inbound = inbound;
		this.lastSend = CompletableFuture.completedFuture(socket);
	}

	/**
	 * Opens the WebSocket, sends CONNECT with {@code connectHeaders} and completes once
	 * CONNECTED arrives; an ERROR frame or a closed socket completes it exceptionally.
	 * {@code onClose} hears of the end of a session that had been CONNECTED.
	 */
	static CompletableFuture<StompConnection> open(HttpClient client, URI uri, Map<String, String> connectHeaders,
			FrameListener listener, Consumer<String> onClose) {
		Inbound inbound = new Inbound(listener, onClose);
		return client.newWebSocketBuilder()
			.subprotocols("v12.stomp")
			.connectTimeout(Duration.ofSeconds(30))
			.buildAsync(uri, inbound)
			.thenCompose(socket -> {
				StompConnection connection = new StompConnection(socket, inbound);
				StompFrame connect = StompFrame.of("CONNECT", "accept-version", "1.2", "heart-beat", "0,0");
				connect.headers().putAll(connectHeaders);
				connection.sendFrame(connect);
				return inbound.connected.thenApply(frame -> connection);
			})
			.orTimeout(30, TimeUnit.SECONDS);
	}

	/** SUBSCRIBE with a receipt; completes when the RECEIPT arrives. */
	CompletableFuture<Void> subscribe(String id, String destination) {
		String receipt = "sub-" + id;
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.inbound.receipts.put(receipt, done);
		sendFrame(StompFrame.of("SUBSCRIBE", "id", id, "destination", destination, "receipt", receipt));
		return done.orTimeout(30, TimeUnit.SECONDS);
	}

	/** SUBSCRIBE without waiting for anything. */
	void subscribeNoReceipt(String id, String destination) {
		sendFrame(StompFrame.of("SUBSCRIBE", "id", id, "destination", destination));
	}

	/** Queues a frame; the returned stage completes when the JDK has written it. */
	synchronized CompletableFuture<WebSocket> sendFrame(StompFrame frame) {
		String text = StompCodec.encode(frame);
		this.lastSend = this.lastSend.exceptionally(ex -> this.socket).thenCompose(ws -> ws.sendText(text, true));
		return this.lastSend;
	}

	boolean isOpen() {
		return !this.socket.isOutputClosed() && !this.socket.isInputClosed();
	}

	void close() {
		if (!this.socket.isOutputClosed()) {
			sendFrame(StompFrame.of("DISCONNECT"));
			synchronized (this) {
				this.lastSend.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
			}
		}
	}

	void abort() {
		this.socket.abort();
	}

	private static final class Inbound implements WebSocket.Listener {

		private final FrameListener listener;

		private final Consumer<String> onClose;

		private final CompletableFuture<StompFrame> connected = new CompletableFuture<>();

		private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();

		private final StringBuilder partial = new StringBuilder();

		Inbound(FrameListener listener, Consumer<String> onClose) {
			this.listener = listener;
			this.onClose = onClose;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			if (!last || this.partial.length() > 0) {
				this.partial.append(data);
				if (last) {
					String text = this.partial.toString();
					this.partial.setLength(0);
					handle(text);
				}
			}
			else {
				handle(data);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			return onText(webSocket, StandardCharsets.UTF_8.decode(data), last);
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed("closed " + statusCode + " " + reason);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed("error " + error);
		}

		private void closed(String why) {
			boolean wasConnected = this.connected.isDone() && !this.connected.isCompletedExceptionally();
			this.connected.completeExceptionally(new IllegalStateException("socket " + why));
			this.receipts.values().forEach(r -> r.completeExceptionally(new IllegalStateException("socket " + why)));
			if (wasConnected) {
				this.onClose.accept(why);
			}
		}

		private void handle(CharSequence text) {
			long now = System.nanoTime();
			for (StompFrame frame : StompCodec.decode(text)) {
				switch (frame.command()) {
					case "CONNECTED" -> this.connected.complete(frame);
					case "ERROR" -> {
						this.connected.completeExceptionally(
								new IllegalStateException("ERROR " + frame.header("message") + " " + frame.body()));
						this.listener.onFrame(frame, now);
					}
					case "RECEIPT" -> {
						CompletableFuture<Void> receipt = this.receipts.remove(frame.header("receipt-id"));
						if (receipt != null) {
							receipt.complete(null);
						}
						else {
							this.listener.onFrame(frame, now);
						}
					}
					default -> this.listener.onFrame(frame, now);
				}
			}
		}

	}

}
