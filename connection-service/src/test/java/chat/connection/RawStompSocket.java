package chat.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A WebSocket that speaks STOMP by hand: the test writes exact frames and sees every
 * frame and the close, with the time each happened. Used where a STOMP client library
 * would hide what the server did.
 */
public final class RawStompSocket extends TextWebSocketHandler implements AutoCloseable {

	private final ConcurrentLinkedQueue<Frame> frames = new ConcurrentLinkedQueue<>();

	private final CompletableFuture<Closed> closed = new CompletableFuture<>();

	private WebSocketSession session;

	/** A STOMP frame as received. */
	public record Frame(String command, Map<String, String> headers, String body) {

		static Frame parse(String text) {
			int end = text.indexOf('\0');
			String frame = (end >= 0) ? text.substring(0, end) : text;
			int blank = frame.indexOf("\n\n");
			String head = (blank >= 0) ? frame.substring(0, blank) : frame;
			String body = (blank >= 0) ? frame.substring(blank + 2) : "";
			String[] lines = head.split("\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
			}
			return new Frame(lines[0], headers, body);
		}

	}

	/** How the server ended the socket. */
	public record Closed(CloseStatus status, long atNanos, Instant at) {

	}

	/** Opens the socket (the WebSocket handshake only; no STOMP frame is sent yet). */
	public static RawStompSocket open(String url) {
		RawStompSocket socket = new RawStompSocket();
		try {
			socket.session = new StandardWebSocketClient().execute(socket, new WebSocketHttpHeaders(), URI.create(url))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("WebSocket handshake failed", ex);
		}
		return socket;
	}

	/**
	 * A STOMP 1.2 CONNECT frame, with an {@code Authorization} header when one is given.
	 */
	public static String connectFrame(String authorization) {
		return "CONNECT\naccept-version:1.2\nhost:localhost\n"
				+ ((authorization != null) ? "Authorization:" + authorization + "\n" : "") + "\n\0";
	}

	/** Sends {@code frame} as is and returns {@link System#nanoTime()} just before. */
	public long send(String frame) {
		long now = System.nanoTime();
		try {
			this.session.sendMessage(new TextMessage(frame));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return now;
	}

	public List<Frame> frames() {
		return List.copyOf(this.frames);
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	/** The close, once it happened. */
	public Closed closed() {
		return this.closed.getNow(null);
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		String text = message.getPayload();
		if (!text.isBlank()) {
			this.frames.add(Frame.parse(text));
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		this.closed.complete(new Closed(status, System.nanoTime(), Instant.now()));
	}

	@Override
	public void close() throws IOException {
		if (this.session != null && this.session.isOpen()) {
			this.session.close();
		}
	}

}
