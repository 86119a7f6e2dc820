package chat.connection.session;

import chat.contracts.ChatJson;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.SessionNotice;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

/**
 * Frames the edge sends on its own: ERROR frames (after which the server closes the
 * socket), RECEIPTs, and errors and notices for one session only.
 *
 * <p>
 * ERROR frames are written directly to the outbound channel because, with per-session
 * receive order preserved, an exception thrown by an inbound interceptor sends no ERROR
 * frame (spring-framework#33937). The STOMP {@code message} header is the error code
 * only: header values escape colons.
 */
@Component
public class StompReplies {

	private final ObjectProvider<MessageChannel> clientOutbound;

	private final ObjectProvider<SimpMessagingTemplate> messaging;

	StompReplies(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutbound,
			ObjectProvider<SimpMessagingTemplate> messaging) {
		this.clientOutbound = clientOutbound;
		this.messaging = messaging;
	}

	/**
	 * Sends an ERROR frame with a JSON {@link ClientError} body; the server then closes
	 * the session.
	 */
	public void errorAndClose(String sessionId, ErrorCode code, String message) {
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setMessage(code.name());
		error.setSessionId(sessionId);
		error.setContentType(MimeTypeUtils.APPLICATION_JSON);
		byte[] body = ChatJson.mapper().writeValueAsBytes(new ClientError(code, message, null));
		this.clientOutbound.getObject().send(MessageBuilder.createMessage(body, error.getMessageHeaders()));
	}

	/** Sends a RECEIPT frame for {@code receiptId}. */
	public void receipt(String sessionId, String receiptId) {
		StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
		receipt.setReceiptId(receiptId);
		receipt.setSessionId(sessionId);
		this.clientOutbound.getObject().send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
	}

	/** Sends a {@link ClientError} to {@code /user/queue/errors} of one session only. */
	public void error(String user, String sessionId, ErrorCode code, String message, String destination) {
		error(user, sessionId, new ClientError(code, message, destination));
	}

	/** Sends {@code error} to {@code /user/queue/errors} of one session only. */
	public void error(String user, String sessionId, ClientError error) {
		toSession(user, sessionId, ConversationEvents.ERRORS, error);
	}

	/**
	 * Sends a {@link SessionNotice} to {@code /user/queue/session} of one session only.
	 */
	public void notice(String user, String sessionId, SessionNotice notice) {
		toSession(user, sessionId, ConversationEvents.SESSION, notice);
	}

	private void toSession(String user, String sessionId, String queue, Object payload) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(sessionId);
		headers.setLeaveMutable(true);
		this.messaging.getObject().convertAndSendToUser(user, queue, payload, headers.getMessageHeaders());
	}

}
