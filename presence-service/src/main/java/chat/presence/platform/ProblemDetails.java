package chat.presence.platform;

import chat.presence.online.InvalidRequest;
import chat.presence.online.NoSharedConversation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps outcome exceptions to RFC 9457 problem details; Spring's own handler covers malformed requests. */
@RestControllerAdvice
class ProblemDetails extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail notMember(NoSharedConversation ex) {
		return problem(HttpStatus.FORBIDDEN, "NOT_MEMBER", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidRequest ex) {
		return problem(HttpStatus.BAD_REQUEST, "INVALID", ex.getMessage());
	}

	private static ProblemDetail problem(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		return problem;
	}

}
