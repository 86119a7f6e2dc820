package chat.contracts.client;

import chat.contracts.ErrorCode;

/** Sent to {@code /user/queue/errors} for a refused frame that is not a message send. */
public record ClientError(ErrorCode code, String message, String destination) {

}
