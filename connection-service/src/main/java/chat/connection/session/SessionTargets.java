package chat.connection.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.AbstractSubscriptionRegistry;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The simple broker's subscription registry: the subscribers of each destination, kept up
 * to date on every SUBSCRIBE, UNSUBSCRIBE and disconnect, so that finding who gets a
 * message is one map lookup.
 *
 * <p>
 * Spring's {@code DefaultSubscriptionRegistry} finds them by scanning every subscription
 * of every session and caches the answer for at most 1,024 destinations. Every session
 * here has three user queues of its own and its conversations, so a node with thousands
 * of sessions uses far more destinations than that, and a presence update goes to each
 * idle user's conversation once: with 15,500 sessions two thirds of the edge's Java time
 * went into those scans (docs/performance.md, run P). The edge admits exact destinations
 * only ({@link StompInboundGuard}), so no pattern matching is needed; SUBSCRIBE's
 * {@code selector} header is ignored: clients must not run expressions on the server.
 *
 * <p>
 * It also lets the server publish to one session's subscription of a topic through the
 * broker (so the message keeps its place in that session's outbound order): a message
 * whose headers come from {@link #toSession} reaches only that session's subscriptions.
 *
 * <p>
 * Threads: changes are serialised on this registry (they are rare next to lookups);
 * lookups read an immutable snapshot per destination without locking.
 */
public final class SessionTargets extends AbstractSubscriptionRegistry {

	/** An internal message header, never a STOMP header: clients cannot set it. */
	private static final String TARGET_SESSION = "chatTargetSession";

	/**
	 * Destination → session id → its subscription ids. A value is replaced, never
	 * modified, once it is in the map.
	 */
	private final Map<String, LinkedMultiValueMap<String, String>> byDestination = new ConcurrentHashMap<>();

	/** Session id → subscription id → destination; guarded by {@code this}. */
	private final Map<String, Map<String, String>> bySession = new HashMap<>();

	SessionTargets() {
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
	protected synchronized void addSubscriptionInternal(String sessionId, String subscriptionId, String destination,
			Message<?> message) {
		String previous = this.bySession.computeIfAbsent(sessionId, (id) -> new HashMap<>())
			.put(subscriptionId, destination);
		if (previous != null) {
			// A subscription id used again replaces the subscription, as in STOMP.
			change(previous, sessionId, subscriptionId, false);
		}
		change(destination, sessionId, subscriptionId, true);
	}

	@Override
	protected synchronized void removeSubscriptionInternal(String sessionId, String subscriptionId,
			Message<?> message) {
		Map<String, String> subscriptions = this.bySession.get(sessionId);
		String destination = (subscriptions != null) ? subscriptions.remove(subscriptionId) : null;
		if (destination != null) {
			change(destination, sessionId, subscriptionId, false);
		}
		if (subscriptions != null && subscriptions.isEmpty()) {
			this.bySession.remove(sessionId);
		}
	}

	@Override
	public synchronized void unregisterAllSubscriptions(String sessionId) {
		Map<String, String> subscriptions = this.bySession.remove(sessionId);
		if (subscriptions != null) {
			subscriptions
				.forEach((subscriptionId, destination) -> change(destination, sessionId, subscriptionId, false));
		}
	}

	@Override
	protected MultiValueMap<String, String> findSubscriptionsInternal(String destination, Message<?> message) {
		LinkedMultiValueMap<String, String> all = this.byDestination.get(destination);
		if (all == null) {
			return new LinkedMultiValueMap<>();
		}
		Object target = message.getHeaders().get(TARGET_SESSION);
		if (target == null) {
			return CollectionUtils.unmodifiableMultiValueMap(all);
		}
		MultiValueMap<String, String> one = new LinkedMultiValueMap<>();
		List<String> subscriptions = all.get(target);
		if (subscriptions != null) {
			one.put((String) target, List.copyOf(subscriptions));
		}
		return one;
	}

	/**
	 * Replaces the destination's snapshot with one that has or lacks the subscription.
	 */
	private void change(String destination, String sessionId, String subscriptionId, boolean add) {
		this.byDestination.compute(destination, (key, current) -> {
			LinkedMultiValueMap<String, String> next = (current != null) ? current.deepCopy()
					: new LinkedMultiValueMap<>();
			if (add) {
				next.add(sessionId, subscriptionId);
			}
			else {
				List<String> ids = next.get(sessionId);
				if (ids != null && ids.remove(subscriptionId) && ids.isEmpty()) {
					next.remove(sessionId);
				}
			}
			return next.isEmpty() ? null : next;
		});
	}

	/** Installs this registry in the simple broker. */
	static void installIn(SimpleBrokerMessageHandler broker) {
		broker.setSubscriptionRegistry(new SessionTargets());
	}

}
