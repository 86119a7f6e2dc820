package chat.connection.session;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import chat.connection.membership.Memberships;
import chat.connection.presence.PresenceFanOut;
import chat.contracts.ErrorCode;
import chat.contracts.client.ConversationEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Every inbound frame passes here first. CONNECT must carry a valid
 * {@code Authorization: Bearer} token; SEND may only target {@code /app/**} while the
 * token is valid; SUBSCRIBE may only target the user's own queues and conversations the
 * user is a member of. A refused CONNECT (or a frame after the token expired) gets an
 * ERROR frame and the socket is closed; a refused SEND or SUBSCRIBE gets an error on
 * {@code /user/queue/errors} and is dropped, keeping the session.
 *
 * <p>
 * A SUBSCRIBE that carries a {@code receipt} header gets its RECEIPT once the
 * subscription is registered (the simple broker does not send receipts itself), so a
 * client knows from when on it receives events; a conversation's new subscriber first
 * gets the current presence of its members.
 */
@Component
class StompInboundGuard implements ExecutorChannelInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StompInboundGuard.class);

	private static final Pattern CONVERSATION_TOPIC = Pattern.compile("^/topic/conversations/([^/]+)$");

	private static final String BEARER = "Bearer ";

	private final JwtDecoder jwtDecoder;

	private final StompReplies replies;

	private final Memberships memberships;

	private final Sessions sessions;

	/** Lazy: it sends through the broker, whose configuration depends on this guard. */
	private final ObjectProvider<PresenceFanOut> presence;

	StompInboundGuard(JwtDecoder jwtDecoder, StompReplies replies, Memberships memberships, Sessions sessions,
			ObjectProvider<PresenceFanOut> presence) {
		this.presence = presence;
		this.jwtDecoder = jwtDecoder;
		this.replies = replies;
		this.memberships = memberships;
		this.sessions = sessions;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null || accessor.getCommand() == null) {
			return message;
		}
		return switch (accessor.getCommand()) {
			case CONNECT, STOMP -> connect(message, accessor);
			case SEND -> send(message, accessor);
			case SUBSCRIBE -> subscribe(message, accessor);
			default -> message;
		};
	}

	/**
	 * Once the broker has registered a subscription: a conversation's subscriber gets the
	 * current presence of its members, and a SUBSCRIBE with a {@code receipt} header gets
	 * its RECEIPT.
	 */
	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (ex != null || accessor == null || accessor.getCommand() != StompCommand.SUBSCRIBE
				|| accessor.getDestination() == null) {
			return;
		}
		boolean userDestination = accessor.getDestination().startsWith("/user/");
		boolean registered = userDestination ? handler instanceof UserDestinationMessageHandler
				: handler instanceof SimpleBrokerMessageHandler;
		if (!registered) {
			return;
		}
		Matcher conversation = CONVERSATION_TOPIC.matcher(accessor.getDestination());
		if (conversation.matches()) {
			this.presence.getObject().snapshot(UUID.fromString(conversation.group(1)));
		}
		if (accessor.getReceipt() != null) {
			this.replies.receipt(accessor.getSessionId(), accessor.getReceipt());
		}
	}

	private Message<?> connect(Message<?> message, StompHeaderAccessor accessor) {
		String authorization = Optional.ofNullable(accessor.getFirstNativeHeader("Authorization"))
			.orElse(accessor.getFirstNativeHeader("authorization"));
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return refuseConnect(accessor, "missing bearer token");
		}
		String token = authorization.substring(BEARER.length()).trim();
		Jwt jwt;
		try {
			jwt = this.jwtDecoder.decode(token);
		}
		catch (JwtException ex) {
			log.debug("Refused CONNECT of session {}: {}", accessor.getSessionId(), ex.getMessage());
			return refuseConnect(accessor, "invalid token");
		}
		if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
			// The user id is the token's sub; without one the session would have no
			// identity.
			return refuseConnect(accessor, "token has no subject");
		}
		StompUser user = new StompUser(jwt.getSubject(), token, jwt.getExpiresAt());
		accessor.setUser(user);
		this.sessions.opened(accessor.getSessionId(), user);
		return message;
	}

	private Message<?> refuseConnect(StompHeaderAccessor accessor, String reason) {
		this.replies.errorAndClose(accessor.getSessionId(), ErrorCode.UNAUTHORIZED, reason);
		return null;
	}

	private Message<?> send(Message<?> message, StompHeaderAccessor accessor) {
		StompUser user = liveUser(accessor);
		if (user == null) {
			return null;
		}
		String destination = accessor.getDestination();
		if (destination == null || !destination.startsWith("/app/")) {
			this.replies.error(user.getName(), accessor.getSessionId(), ErrorCode.INVALID,
					"clients may only SEND to /app/ destinations", destination);
			return null;
		}
		return message;
	}

	private Message<?> subscribe(Message<?> message, StompHeaderAccessor accessor) {
		StompUser user = liveUser(accessor);
		if (user == null) {
			return null;
		}
		String destination = accessor.getDestination();
		if (destination == null) {
			return refuseSubscribe(user, accessor, ErrorCode.INVALID, "destination is required");
		}
		if (destination.equals("/user" + ConversationEvents.ACKS)
				|| destination.equals("/user" + ConversationEvents.ERRORS)) {
			return message;
		}
		Matcher conversation = CONVERSATION_TOPIC.matcher(destination);
		if (!conversation.matches()) {
			return refuseSubscribe(user, accessor, ErrorCode.NOT_FOUND, "no such destination");
		}
		UUID conversationId;
		try {
			conversationId = UUID.fromString(conversation.group(1));
		}
		catch (IllegalArgumentException ex) {
			return refuseSubscribe(user, accessor, ErrorCode.NOT_FOUND, "no such conversation");
		}
		return switch (this.memberships.check(conversationId, user)) {
			case MEMBER -> message;
			case NOT_MEMBER ->
				refuseSubscribe(user, accessor, ErrorCode.NOT_MEMBER, "not a member of this conversation");
			case NOT_FOUND -> refuseSubscribe(user, accessor, ErrorCode.NOT_FOUND, "no such conversation");
			case UNAVAILABLE ->
				refuseSubscribe(user, accessor, ErrorCode.INTERNAL, "membership could not be checked; retry");
		};
	}

	private Message<?> refuseSubscribe(StompUser user, StompHeaderAccessor accessor, ErrorCode code, String reason) {
		this.replies.error(user.getName(), accessor.getSessionId(), code, reason, accessor.getDestination());
		return null;
	}

	/**
	 * The session's user, or null after closing the session because it has none or its
	 * token expired.
	 */
	private StompUser liveUser(StompHeaderAccessor accessor) {
		if (!(accessor.getUser() instanceof StompUser user)) {
			this.replies.errorAndClose(accessor.getSessionId(), ErrorCode.UNAUTHORIZED, "not connected");
			return null;
		}
		if (this.sessions.expired(user)) {
			this.replies.errorAndClose(accessor.getSessionId(), ErrorCode.TOKEN_EXPIRED, "token expired; reconnect");
			return null;
		}
		return user;
	}

}
