package chat.contracts.client;

import chat.contracts.ErrorCode;

/**
 * Sent to {@code /user/queue/errors} for a refused frame that is not a message send.
 *
 * @param code what went wrong
 * @param message a human-readable reason (never the frame's content)
 * @param destination the destination of the refused frame, when it had one
 * @param retryAfterMs for {@code RATE_LIMITED} and {@code OVERLOADED}: when a retry may
 * succeed, in milliseconds; otherwise absent
 */
public record ClientError(ErrorCode code, String message, String destination, Long retryAfterMs) {

	public ClientError(ErrorCode code, String message, String destination) {
		this(code, message, destination, null);
	}

}
