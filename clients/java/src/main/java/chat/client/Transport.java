package chat.client;

import java.net.URI;

/**
 * Opens WebSocket connections that carry STOMP text. The real one is
 * {@link JdkWebSocketTransport}; tests use an in-process fake server.
 */
interface Transport {

	/**
	 * Opens a connection; {@code listener} then gets {@code opened} once (or
	 * {@code closed} if it could not be opened), any {@code text}, and {@code closed}
	 * once, on any thread.
	 */
	void open(URI uri, Listener listener);

	/** An open connection. */
	interface Socket {

		/** Sends one text message; messages go out in call order. */
		void send(String text);

		/** Closes with a normal close frame. */
		void close();

		/** Drops the connection at once. */
		void abort();

	}

	/** Events of one connection. */
	interface Listener {

		void opened(Socket socket);

		void text(String text);

		/** The connection ended ({@code 1006} for an abnormal end or a failed open). */
		void closed(int code, String reason);

	}

}
