package chat.receipt.platform;

import chat.receipt.watermark.ConversationNotFound;
import chat.receipt.watermark.NotAMember;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps outcome exceptions to RFC 9457 problem details; Spring's own handler covers malformed requests. */
@RestControllerAdvice
class ProblemDetails extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail notFound(ConversationNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail notMember(NotAMember ex) {
		return problem(HttpStatus.FORBIDDEN, "NOT_MEMBER", ex.getMessage());
	}

	private static ProblemDetail problem(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		return problem;
	}

}
