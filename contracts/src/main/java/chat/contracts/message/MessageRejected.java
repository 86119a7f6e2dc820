package chat.contracts.message;

import java.time.Instant;
import java.util.UUID;

import chat.contracts.ErrorCode;

/**
 * Event on {@link chat.contracts.Topics#MESSAGE_REJECTIONS}: a send was refused and
 * nothing was stored. Keyed by sender so that all acks of one user stay in order with
 * each other.
 *
 * @param eventId derived from the command id, so a redelivered command yields the same
 * event
 * @param commandId the refused command
 * @param code {@code NOT_MEMBER}, {@code NOT_FOUND}, {@code INVALID} or {@code TOO_LONG}
 * @param reason a human-readable reason, without user content
 */
public record MessageRejected(UUID eventId, Instant occurredAt, UUID commandId, UUID conversationId, String senderId,
		UUID clientMessageId, ErrorCode code, String reason) implements MessageEvent {

	public static final String TYPE = "chat.message.rejected.v1";

	/**
	 * The rejection of {@code command}; the same command always gives the same
	 * {@code eventId}.
	 */
	public static MessageRejected of(SendMessage command, ErrorCode code, String reason, Instant now) {
		UUID eventId = UUID.nameUUIDFromBytes(("rejected:" + command.commandId()).getBytes());
		return new MessageRejected(eventId, now, command.commandId(), command.conversationId(), command.senderId(),
				command.clientMessageId(), code, reason);
	}

	@Override
	public String key() {
		return this.senderId;
	}

	@Override
	public String type() {
		return TYPE;
	}

}
