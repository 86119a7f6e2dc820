package chat.connection.session;

import chat.contracts.ChatJson;
import chat.contracts.ErrorCode;
import chat.contracts.client.SessionNotice;
import chat.contracts.client.TokenRefreshFrame;
import tools.jackson.core.JacksonException;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/session/token {"token"}}: the session continues on a fresh token and
 * lives until its {@code exp}, answered with {@code token.refreshed} on
 * {@code /user/queue/session}. A token that fails the CONNECT checks gets
 * {@code UNAUTHORIZED} on {@code /user/queue/errors} and the session keeps its old
 * expiry; a valid token of another user closes the session.
 */
@Controller
class TokenRefreshController {

	private static final String DESTINATION = "/app/session/token";

	private final Tokens tokens;

	private final Sessions sessions;

	private final StompReplies replies;

	TokenRefreshController(Tokens tokens, Sessions sessions, StompReplies replies) {
		this.tokens = tokens;
		this.sessions = sessions;
		this.replies = replies;
	}

	@MessageMapping("/session/token")
	void refresh(@Payload(required = false) byte[] body, StompUser user,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId) {
		TokenRefreshFrame frame = null;
		try {
			frame = (body == null || body.length == 0) ? null
					: ChatJson.mapper().readValue(body, TokenRefreshFrame.class);
		}
		catch (JacksonException ex) {
			// answered below
		}
		if (frame == null || frame.token() == null) {
			this.replies.error(user.getName(), sessionId, ErrorCode.INVALID, "body must be {\"token\": \"<JWT>\"}",
					DESTINATION);
			return;
		}
		Tokens.Checked checked = this.tokens.check(frame.token());
		if (checked instanceof Tokens.Refused refused) {
			this.replies.error(user.getName(), sessionId, refused.code(), refused.reason(), DESTINATION);
			return;
		}
		Tokens.Valid valid = (Tokens.Valid) checked;
		if (!valid.subject().equals(user.getName())) {
			this.replies.errorAndClose(sessionId, ErrorCode.UNAUTHORIZED, "token is for another user");
			return;
		}
		user.refreshed(valid.credentials());
		this.sessions.refreshed(sessionId, user);
		this.replies.notice(user.getName(), sessionId, SessionNotice.tokenRefreshed(user.expiresAt()));
	}

}
