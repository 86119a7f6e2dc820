package chat.platform.web;

import org.springframework.http.HttpStatus;

/**
 * An outcome a REST caller is told about as an RFC 9457 problem detail: the HTTP status,
 * a stable {@code code} (the client protocol's error codes, e.g. {@code NOT_FOUND},
 * {@code NOT_MEMBER}, {@code INVALID}) and the message as {@code detail}. Subclasses are
 * named for the outcome ({@code ConversationNotFound}) and carry ids in their message,
 * never payloads (no message text, no tokens).
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	protected ProblemException(HttpStatus status, String code, String message) {
		super(message);
		this.status = status;
		this.code = code;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

}
