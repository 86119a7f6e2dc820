package chat.benchmark.peer;

import java.security.Principal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * What the edge's inbound guard does, minus the checks: CONNECT takes the user id from
 * {@code Authorization: Bearer <user>} (any value is trusted, there is no JWT), and a
 * SUBSCRIBE with a {@code receipt} header gets its RECEIPT once the broker has registered
 * the subscription (the simple broker sends none itself).
 */
final class PeerInboundInterceptor implements ExecutorChannelInterceptor {

	private static final String BEARER = "Bearer ";

	private final ObjectProvider<MessageChannel> clientOutbound;

	PeerInboundInterceptor(ObjectProvider<MessageChannel> clientOutbound) {
		this.clientOutbound = clientOutbound;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (accessor != null
				&& (accessor.getCommand() == StompCommand.CONNECT || accessor.getCommand() == StompCommand.STOMP)) {
			String authorization = accessor.getFirstNativeHeader("Authorization");
			String user = (authorization != null && authorization.startsWith(BEARER))
					? authorization.substring(BEARER.length()).trim() : accessor.getSessionId();
			accessor.setUser(new PeerUser(user));
		}
		return message;
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
		StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (ex != null || accessor == null || accessor.getCommand() != StompCommand.SUBSCRIBE
				|| accessor.getDestination() == null || accessor.getReceipt() == null) {
			return;
		}
		boolean registered = accessor.getDestination().startsWith("/user/")
				? handler instanceof UserDestinationMessageHandler : handler instanceof SimpleBrokerMessageHandler;
		if (registered) {
			StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
			receipt.setReceiptId(accessor.getReceipt());
			receipt.setSessionId(accessor.getSessionId());
			this.clientOutbound.getObject()
				.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
		}
	}

	record PeerUser(String getName) implements Principal {
	}

}
