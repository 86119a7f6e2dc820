package chat.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Transport} on {@link java.net.http.WebSocket}: no Origin header, no extensions.
 * Text arriving in parts is joined; sends are chained, because the JDK allows one
 * outstanding send at a time.
 */
final class JdkWebSocketTransport implements Transport {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http;

	JdkWebSocketTransport(HttpClient http) {
		this.http = http;
	}

	@Override
	public void open(URI uri, Listener listener) {
		AtomicBoolean closed = new AtomicBoolean();
		Runnable[] onClosed = new Runnable[1];
		WebSocket.Listener events = new WebSocket.Listener() {

			private final StringBuilder partial = new StringBuilder();

			@Override
			public void onOpen(WebSocket webSocket) {
				webSocket.request(1);
			}

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				this.partial.append(data);
				if (last) {
					String text = this.partial.toString();
					this.partial.setLength(0);
					listener.text(text);
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				if (closed.compareAndSet(false, true)) {
					listener.closed(statusCode, reason);
				}
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				if (closed.compareAndSet(false, true)) {
					listener.closed(1006, String.valueOf(error));
				}
			}
		};
		this.http.newWebSocketBuilder()
			.connectTimeout(CONNECT_TIMEOUT)
			.buildAsync(uri, events)
			.whenComplete((webSocket, error) -> {
				if (error != null) {
					if (closed.compareAndSet(false, true)) {
						listener.closed(1006, String.valueOf(error.getCause() != null ? error.getCause() : error));
					}
				}
				else {
					listener.opened(new JdkSocket(webSocket, () -> {
						if (closed.compareAndSet(false, true)) {
							listener.closed(1006, "aborted");
						}
					}));
				}
			});
	}

	/** One connection; sends are serialized through a future chain. */
	private static final class JdkSocket implements Socket {

		private final WebSocket webSocket;

		private final Runnable aborted;

		private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

		JdkSocket(WebSocket webSocket, Runnable aborted) {
			this.webSocket = webSocket;
			this.aborted = aborted;
		}

		@Override
		public synchronized void send(String text) {
			this.last = this.last.thenCompose(ignored -> this.webSocket.sendText(text, true)).exceptionally(ex -> {
				abort();
				return null;
			});
		}

		@Override
		public synchronized void close() {
			this.last = this.last.thenCompose(ignored -> this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
				.orTimeout(2, TimeUnit.SECONDS)
				.handle((ignored, ex) -> {
					abort();
					return null;
				});
		}

		@Override
		public void abort() {
			this.webSocket.abort();
			this.aborted.run();
		}

	}

}
