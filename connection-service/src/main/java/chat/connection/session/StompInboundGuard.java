package chat.connection.session;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import chat.connection.delivery.Acks;
import chat.connection.membership.Memberships;
import chat.connection.presence.PresenceFanOut;
import chat.contracts.ErrorCode;
import chat.contracts.Uuids;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.MessageAck;
import chat.contracts.client.SendMessageFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Every inbound frame passes here first, and only what a client may send gets through:
 * CONNECT (or STOMP) with a valid {@code Authorization: Bearer} token, then SEND,
 * SUBSCRIBE, UNSUBSCRIBE, DISCONNECT and heart-beats. Any other command (MESSAGE,
 * RECEIPT, ERROR, CONNECTED, ACK, NACK, transactions) and any frame before CONNECT get an
 * ERROR frame and the socket is closed; so does a frame after the token expired. SEND may
 * only target the {@code /app/**} destinations the edge handles, SUBSCRIBE only the
 * user's own queues and conversations the user is a member of; a refused SEND or
 * SUBSCRIBE gets an error on {@code /user/queue/errors} and is dropped, keeping the
 * session. While the node sheds load, a message SEND is answered {@code OVERLOADED} here
 * and dropped.
 *
 * <p>
 * A SUBSCRIBE that carries a {@code receipt} header gets its RECEIPT once the
 * subscription is registered (the simple broker does not send receipts itself), so a
 * client knows from when on it receives events; a conversation's new subscriber first
 * gets the current presence of its members, on that session only.
 */
@Component
class StompInboundGuard implements ExecutorChannelInterceptor {

	private static final Pattern CONVERSATION_TOPIC = Pattern.compile("^/topic/conversations/([^/]+)$");

	/**
	 * The {@code /app} destinations a controller handles; SEND to anything else is
	 * refused.
	 */
	private static final Pattern APP_DESTINATION = Pattern
		.compile("^/app/(conversations/([^/]+)/(messages|typing|delivered|read)|session/token)$");

	private static final String SESSION_QUEUE = "/user" + ConversationEvents.SESSION;

	private static final Set<String> OWN_QUEUES = Set.of("/user" + ConversationEvents.ACKS,
			"/user" + ConversationEvents.ERRORS, SESSION_QUEUE);

	private static final String BEARER = "Bearer ";

	private final Tokens tokens;

	private final StompReplies replies;

	private final Memberships memberships;

	private final Sessions sessions;

	/** Lazy: it sends through the broker, whose configuration depends on this guard. */
	private final ObjectProvider<PresenceFanOut> presence;

	/** Lazy, like {@link #presence}. */
	private final ObjectProvider<Acks> acks;

	private final Counter overloaded;

	private final Clock clock;

	StompInboundGuard(Tokens tokens, StompReplies replies, Memberships memberships, Sessions sessions,
			ObjectProvider<PresenceFanOut> presence, ObjectProvider<Acks> acks, MeterRegistry meters, Clock clock) {
		this.presence = presence;
		this.acks = acks;
		// The same meter as the send controller's other refusals.
		this.overloaded = meters.counter("chat.edge.sends", "outcome", "rejected", "code", ErrorCode.OVERLOADED.name());
		this.clock = clock;
		this.tokens = tokens;
		this.replies = replies;
		this.memberships = memberships;
		this.sessions = sessions;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor == null) {
			return message;
		}
		if (accessor.getCommand() == null) {
			// Heart-beats are the only frames without a command.
			return accessor.isHeartbeat() ? message : refuseCommand(accessor);
		}
		return switch (accessor.getCommand()) {
			case CONNECT, STOMP -> connect(message, accessor);
			case SEND -> send(message, accessor);
			case SUBSCRIBE -> subscribe(message, accessor);
			case UNSUBSCRIBE -> unsubscribe(message, accessor);
			case DISCONNECT -> message;
			default -> refuseCommand(accessor);
		};
	}

	/**
	 * Once the broker has registered a subscription: a conversation's subscriber gets the
	 * current presence of its participants, a new listener on the session queue gets a
	 * token warning that was due before it listened, and a SUBSCRIBE with a
	 * {@code receipt} header gets its RECEIPT.
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
			this.presence.getObject().snapshot(UUID.fromString(conversation.group(1)), accessor.getSessionId());
		}
		if (SESSION_QUEUE.equals(accessor.getDestination())) {
			this.sessions.noticesSubscribed(accessor.getSessionId());
		}
		if (accessor.getReceipt() != null) {
			this.replies.receipt(accessor.getSessionId(), accessor.getReceipt());
		}
	}

	private Message<?> connect(Message<?> message, StompHeaderAccessor accessor) {
		if (accessor.getUser() instanceof StompUser) {
			this.replies.errorAndClose(accessor.getSessionId(), ErrorCode.INVALID, "already connected");
			return null;
		}
		String authorization = Optional.ofNullable(accessor.getFirstNativeHeader("Authorization"))
			.orElse(accessor.getFirstNativeHeader("authorization"));
		// Nothing downstream needs the token in the frame; keep it out of any later log.
		accessor.removeNativeHeader("Authorization");
		accessor.removeNativeHeader("authorization");
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return refuseConnect(accessor, ErrorCode.UNAUTHORIZED, "missing bearer token");
		}
		Tokens.Checked checked = this.tokens.check(authorization.substring(BEARER.length()));
		if (checked instanceof Tokens.Refused refused) {
			return refuseConnect(accessor, refused.code(), refused.reason());
		}
		Tokens.Valid valid = (Tokens.Valid) checked;
		StompUser user = new StompUser(valid.subject(), valid.credentials());
		if (this.sessions.opened(accessor.getSessionId(), user) == Sessions.Opening.TOO_MANY_SESSIONS) {
			return refuseConnect(accessor, ErrorCode.LIMIT_EXCEEDED, "too many sessions for this user");
		}
		accessor.setUser(user);
		return message;
	}

	private Message<?> refuseConnect(StompHeaderAccessor accessor, ErrorCode code, String reason) {
		this.replies.errorAndClose(accessor.getSessionId(), code, reason);
		return null;
	}

	private Message<?> refuseCommand(StompHeaderAccessor accessor) {
		String reason;
		if (accessor.getFirstNativeHeader(MalformedFrames.MALFORMED) != null) {
			reason = "malformed STOMP frame";
		}
		else {
			reason = "clients may not send "
					+ ((accessor.getCommand() != null) ? accessor.getCommand().name() : "a frame without command");
		}
		this.replies.errorAndClose(accessor.getSessionId(), ErrorCode.INVALID, reason);
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
		Matcher app = APP_DESTINATION.matcher(destination);
		if (!app.matches()) {
			this.replies.error(user.getName(), accessor.getSessionId(), ErrorCode.NOT_FOUND, "no such destination",
					destination);
			return null;
		}
		if ("messages".equals(app.group(3)) && shed(user, app.group(2), message)) {
			return null;
		}
		// Stamped here, on the socket's thread, before the frame waits for a worker: the
		// send→ack latency that drives load shedding includes that wait.
		StompHeaderAccessor stamped = StompHeaderAccessor.wrap(message);
		stamped.setHeader(Acks.RECEIVED_AT_HEADER, this.clock.instant());
		return MessageBuilder.createMessage(message.getPayload(), stamped.getMessageHeaders());
	}

	/**
	 * Answers a message send {@code OVERLOADED} while sends queue behind this node
	 * ({@link Acks#overloadedRetryAfterMs()}): here, as it arrives, because a shed send
	 * should cost as little as possible, and before the rate limit, which it therefore
	 * does not count against. A send whose body or conversation id is not valid goes on
	 * to the controller, which says what is wrong with it.
	 * @return whether the send was answered and must be dropped
	 */
	private boolean shed(StompUser user, String conversationId, Message<?> message) {
		Acks acks = this.acks.getObject();
		long retryAfterMs = acks.overloadedRetryAfterMs();
		if (retryAfterMs == 0) {
			return false;
		}
		SendMessageFrame frame = (message.getPayload() instanceof byte[] body) ? SendMessageFrame.parse(body) : null;
		UUID conversation = Uuids.parseOrNull(conversationId);
		if (frame == null || frame.clientMessageId() == null || conversation == null) {
			return false;
		}
		this.overloaded.increment();
		acks.send(user.getName(),
				MessageAck.rejected(frame.clientMessageId(), conversation, new MessageAck.Error(ErrorCode.OVERLOADED,
						"the service is busy; retry later with the same clientMessageId", retryAfterMs)));
		return true;
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
		if (!OWN_QUEUES.contains(destination) && !mayReadConversation(user, accessor, destination)) {
			return null;
		}
		if (!this.sessions.subscribed(accessor.getSessionId(), accessor.getSubscriptionId())) {
			return refuseSubscribe(user, accessor, ErrorCode.LIMIT_EXCEEDED, "too many subscriptions in this session");
		}
		return message;
	}

	/**
	 * Whether {@code destination} is the topic of a conversation the user is a member of;
	 * if not, the session is told why.
	 */
	private boolean mayReadConversation(StompUser user, StompHeaderAccessor accessor, String destination) {
		Matcher conversation = CONVERSATION_TOPIC.matcher(destination);
		if (!conversation.matches()) {
			return refused(user, accessor, ErrorCode.NOT_FOUND, "no such destination");
		}
		UUID conversationId = Uuids.parseOrNull(conversation.group(1));
		if (conversationId == null) {
			return refused(user, accessor, ErrorCode.NOT_FOUND, "no such conversation");
		}
		return switch (this.memberships.check(conversationId, user)) {
			case MEMBER -> true;
			case NOT_MEMBER -> refused(user, accessor, ErrorCode.NOT_MEMBER, "not a member of this conversation");
			case NOT_FOUND -> refused(user, accessor, ErrorCode.NOT_FOUND, "no such conversation");
			case UNAVAILABLE -> refused(user, accessor, ErrorCode.INTERNAL, "membership could not be checked; retry");
		};
	}

	private boolean refused(StompUser user, StompHeaderAccessor accessor, ErrorCode code, String reason) {
		refuseSubscribe(user, accessor, code, reason);
		return false;
	}

	private Message<?> unsubscribe(Message<?> message, StompHeaderAccessor accessor) {
		if (liveUser(accessor) == null) {
			return null;
		}
		this.sessions.unsubscribed(accessor.getSessionId(), accessor.getSubscriptionId());
		return message;
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
