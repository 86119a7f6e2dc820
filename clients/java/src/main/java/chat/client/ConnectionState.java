package chat.client;

/**
 * The connection's state, as {@link ChatClient#state()} reports it and state listeners
 * receive it. One value at a time; every change is reported once, in order.
 *
 * <pre>
 * Idle ─connect()→ Connecting ─CONNECTED→ Connected ─drop→ Reconnecting ─timer→ Connecting …
 *                  Connecting/Reconnecting ─2 min without a connection→ Suspended (retries every 30 s)
 *                  any ─network lost→ Offline ─network back→ Connecting
 *                  any ─bad credentials, revoked, failing token supplier→ Error (terminal until connect())
 *                  any ─close()→ Closed (final)
 * </pre>
 */
public sealed interface ConnectionState {

	/** The state's name, for switches and logs. */
	Status status();

	/** The names of the states. */
	enum Status {

		IDLE, CONNECTING, CONNECTED, RECONNECTING, OFFLINE, SUSPENDED, ERROR, CLOSED

	}

	/** Built, not yet connected. */
	record Idle() implements ConnectionState {
		@Override
		public Status status() {
			return Status.IDLE;
		}
	}

	/**
	 * Getting a token, opening the socket, waiting for CONNECTED.
	 *
	 * @param attempt 1 for the first attempt, 2 for the first retry, …
	 */
	record Connecting(int attempt) implements ConnectionState {
		@Override
		public Status status() {
			return Status.CONNECTING;
		}
	}

	/**
	 * The server accepted CONNECT.
	 *
	 * @param userId the token's {@code sub}
	 */
	record Connected(String userId) implements ConnectionState {
		@Override
		public Status status() {
			return Status.CONNECTED;
		}
	}

	/**
	 * Waiting before the next attempt.
	 *
	 * @param attempt how many attempts in a row have failed (1 after the first drop)
	 * @param nextRetryMillis the wait before the next attempt, in milliseconds
	 * @param cause why the last connection or attempt ended
	 */
	record Reconnecting(int attempt, long nextRetryMillis, ChatError cause) implements ConnectionState {
		@Override
		public Status status() {
			return Status.RECONNECTING;
		}
	}

	/**
	 * The application said the network is gone ({@link ChatClient#networkChanged}); no
	 * attempts until it is back.
	 */
	record Offline() implements ConnectionState {
		@Override
		public Status status() {
			return Status.OFFLINE;
		}
	}

	/**
	 * No connection for more than 2 minutes: new sends fail fast (messages queued earlier
	 * stay queued); attempts go on every 30 s while the network is up.
	 *
	 * @param cause why the last connection or attempt ended
	 */
	record Suspended(ChatError cause) implements ConnectionState {
		@Override
		public Status status() {
			return Status.SUSPENDED;
		}
	}

	/**
	 * Terminal until the application calls {@link ChatClient#connect()} again: the server
	 * refused the credentials ({@code UNAUTHORIZED}), revoked them ({@code REVOKED}), or
	 * the token supplier failed.
	 *
	 * @param error what happened
	 */
	record Error(ChatError error) implements ConnectionState {
		@Override
		public Status status() {
			return Status.ERROR;
		}
	}

	/** {@link ChatClient#close()} was called; final. */
	record Closed() implements ConnectionState {
		@Override
		public Status status() {
			return Status.CLOSED;
		}
	}

}
