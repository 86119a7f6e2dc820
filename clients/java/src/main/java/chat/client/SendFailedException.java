package chat.client;

import java.util.UUID;

/**
 * A send failed: rejected by the server ({@code INVALID}, {@code TOO_LONG},
 * {@code NOT_MEMBER}, …), not acked after every retry ({@link ChatError#TIMEOUT}), or
 * refused at once because the client was not going to connect soon
 * ({@link ChatError#NOT_CONNECTED}, {@link ChatError#CLOSED}). The message stays in its
 * conversation as {@link MessageStatus#FAILED}; {@link Conversation#retry} resends it
 * with the same id.
 */
public final class SendFailedException extends RuntimeException {

	private final UUID clientMessageId;

	private final ChatError error;

	SendFailedException(UUID clientMessageId, ChatError error) {
		super(error.toString());
		this.clientMessageId = clientMessageId;
		this.error = error;
	}

	public UUID clientMessageId() {
		return this.clientMessageId;
	}

	public ChatError error() {
		return this.error;
	}

}
