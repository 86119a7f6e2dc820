package chat.connection.session;

import java.util.List;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.DefaultSubscriptionRegistry;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Lets the server publish to one session's subscription of a topic through the broker (so
 * the message keeps its place in that session's outbound order): a message whose headers
 * come from {@link #toSession} reaches only that session's subscriptions.
 *
 * <p>
 * It also switches off the simple broker's SUBSCRIBE {@code selector} header, whose
 * expressions would otherwise be evaluated against every message: clients must not run
 * expressions on the server.
 */
public final class SessionTargets extends DefaultSubscriptionRegistry {

	/** An internal message header, never a STOMP header: clients cannot set it. */
	private static final String TARGET_SESSION = "chatTargetSession";

	SessionTargets() {
		setSelectorHeaderName(null);
	}

	/** Headers for a message to {@code sessionId}'s subscriptions only. */
	public static MessageHeaders toSession(String sessionId, Map<String, String> nativeHeaders) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setHeader(TARGET_SESSION, sessionId);
		nativeHeaders.forEach(headers::setNativeHeader);
		headers.setLeaveMutable(true);
		return headers.getMessageHeaders();
	}

	@Override
	protected MultiValueMap<String, String> findSubscriptionsInternal(String destination, Message<?> message) {
		MultiValueMap<String, String> all = super.findSubscriptionsInternal(destination, message);
		Object target = message.getHeaders().get(TARGET_SESSION);
		if (target == null) {
			return all;
		}
		MultiValueMap<String, String> one = new LinkedMultiValueMap<>();
		List<String> subscriptions = all.get(target);
		if (subscriptions != null) {
			one.put((String) target, subscriptions);
		}
		return one;
	}

	/** Installs this registry in the simple broker. */
	static void installIn(SimpleBrokerMessageHandler broker) {
		SessionTargets registry = new SessionTargets();
		broker.setSubscriptionRegistry(registry);
		// The handler copies its own selector setting into the registry.
		registry.setSelectorHeaderName(null);
	}

}
