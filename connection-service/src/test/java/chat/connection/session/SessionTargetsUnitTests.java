package chat.connection.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class SessionTargetsUnitTests {

	private final SessionTargets registry = new SessionTargets();

	@Test
	void aMessageReachesEverySubscriptionOfItsDestinationAndNoOther() {
		subscribe("s1", "sub-0", "/topic/conversations/a");
		subscribe("s2", "sub-0", "/topic/conversations/a");
		subscribe("s2", "sub-1", "/topic/conversations/b");

		assertThat(find("/topic/conversations/a")).containsOnlyKeys("s1", "s2");
		assertThat(find("/topic/conversations/b")).containsExactly(Map.entry("s2", List.of("sub-1")));
		assertThat(find("/topic/conversations/c")).isEmpty();
	}

	@Test
	void unsubscribeAndDisconnectTakeTheSessionOff() {
		subscribe("s1", "sub-0", "/topic/conversations/a");
		subscribe("s1", "sub-1", "/queue/acks-users1");
		subscribe("s2", "sub-0", "/topic/conversations/a");

		unsubscribe("s2", "sub-0");
		assertThat(find("/topic/conversations/a")).containsOnlyKeys("s1");

		this.registry.unregisterAllSubscriptions("s1");
		assertThat(find("/topic/conversations/a")).isEmpty();
		assertThat(find("/queue/acks-users1")).isEmpty();
	}

	@Test
	void aSubscriptionIdUsedAgainReplacesItsSubscription() {
		subscribe("s1", "sub-0", "/topic/conversations/a");
		subscribe("s1", "sub-0", "/topic/conversations/b");

		assertThat(find("/topic/conversations/a")).isEmpty();
		assertThat(find("/topic/conversations/b")).containsExactly(Map.entry("s1", List.of("sub-0")));
	}

	@Test
	void aMessageForOneSessionReachesOnlyThatSessionsSubscriptions() {
		subscribe("s1", "sub-0", "/topic/conversations/a");
		subscribe("s2", "sub-3", "/topic/conversations/a");

		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor
			.wrap(MessageBuilder.createMessage(new byte[0], SessionTargets.toSession("s2", Map.of())));
		headers.setDestination("/topic/conversations/a");

		assertThat(
				this.registry.findSubscriptions(MessageBuilder.createMessage(new byte[0], headers.toMessageHeaders())))
			.containsExactly(Map.entry("s2", List.of("sub-3")));
	}

	/**
	 * Any sequence of SUBSCRIBE, UNSUBSCRIBE and disconnect leaves every destination with
	 * exactly the subscriptions a plain model of the sessions has for it.
	 */
	@Test
	void theSubscribersOfEveryDestinationMatchAModelOfTheSessions() {
		qt().withExamples(200)
			.forAll(lists().of(integers().between(0, 4 * 3 * 4 * 5 - 1)).ofSizeBetween(0, 80))
			.checkAssert((operations) -> {
				SessionTargets targets = new SessionTargets();
				Map<String, Map<String, String>> model = new HashMap<>();
				for (int operation : operations) {
					String session = "s" + (operation % 4);
					String subscription = "sub-" + (operation / 4 % 3);
					String destination = "/topic/conversations/" + (operation / 12 % 4);
					switch (operation / 48) {
						case 0, 1, 2 -> {
							targets.registerSubscription(
									frame(SimpMessageType.SUBSCRIBE, session, subscription, destination));
							model.computeIfAbsent(session, (id) -> new HashMap<>()).put(subscription, destination);
						}
						case 3 -> {
							targets.unregisterSubscription(
									frame(SimpMessageType.UNSUBSCRIBE, session, subscription, null));
							model.getOrDefault(session, new HashMap<>()).remove(subscription);
						}
						default -> {
							targets.unregisterAllSubscriptions(session);
							model.remove(session);
						}
					}
				}
				for (int d = 0; d < 4; d++) {
					String destination = "/topic/conversations/" + d;
					Map<String, Set<String>> expected = new TreeMap<>();
					model.forEach((session, subscriptions) -> subscriptions.forEach((id, subscribed) -> {
						if (subscribed.equals(destination)) {
							expected.computeIfAbsent(session, (s) -> new TreeSet<>()).add(id);
						}
					}));
					Map<String, Set<String>> actual = new TreeMap<>();
					targets.findSubscriptions(frame(SimpMessageType.MESSAGE, null, null, destination))
						.forEach((session, ids) -> actual.put(session, new HashSet<>(ids)));
					assertThat(actual).as(destination).isEqualTo(expected);
				}
			});
	}

	private void subscribe(String session, String subscription, String destination) {
		this.registry.registerSubscription(frame(SimpMessageType.SUBSCRIBE, session, subscription, destination));
	}

	private void unsubscribe(String session, String subscription) {
		this.registry.unregisterSubscription(frame(SimpMessageType.UNSUBSCRIBE, session, subscription, null));
	}

	private MultiValueMap<String, String> find(String destination) {
		return this.registry.findSubscriptions(frame(SimpMessageType.MESSAGE, null, null, destination));
	}

	private static Message<byte[]> frame(SimpMessageType type, String session, String subscription,
			String destination) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(type);
		headers.setSessionId(session);
		headers.setSubscriptionId(subscription);
		headers.setDestination(destination);
		return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
	}

}
