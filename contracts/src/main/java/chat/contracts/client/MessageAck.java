package chat.contracts.client;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ErrorCode;
import chat.contracts.message.MessageCreated;

/**
 * Sent to {@code /user/queue/acks} on every session of the sender, once per send attempt.
 * ACCEPTED only after the message is committed; a retry of the same
 * {@code clientMessageId} gets the same {@code messageId}, {@code seq} and
 * {@code createdAt}.
 */
public record MessageAck(String clientMessageId, UUID conversationId, Status status, UUID messageId, Long seq,
		Instant createdAt, Error error) {

	public enum Status {

		ACCEPTED, REJECTED

	}

	/**
	 * Why a send was refused; {@code retryAfterMs} (milliseconds) only for
	 * {@code RATE_LIMITED} and {@code OVERLOADED}.
	 */
	public record Error(ErrorCode code, String message, Long retryAfterMs) {

		public Error(ErrorCode code, String message) {
			this(code, message, null);
		}

	}

	public static MessageAck accepted(MessageCreated created) {
		return new MessageAck(created.clientMessageId().toString(), created.conversationId(), Status.ACCEPTED,
				created.messageId(), created.seq(), created.createdAt(), null);
	}

	public static MessageAck rejected(String clientMessageId, UUID conversationId, ErrorCode code, String message) {
		return rejected(clientMessageId, conversationId, new Error(code, message));
	}

	public static MessageAck rejected(String clientMessageId, UUID conversationId, Error error) {
		return new MessageAck(clientMessageId, conversationId, Status.REJECTED, null, null, null, error);
	}

}
