package chat.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import chat.contracts.ChatJson;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence and typing end to end. The stack runs with a 2 s grace, a 5 s lease and 1 s
 * heartbeats ({@link SystemStack}), so the bounds below are grace + 1 s and lease + 2 s
 * as the issue states them.
 */
@ExtendWith(SystemStack.class)
class PresenceSystemTest {

	final SystemStack stack = SystemStack.get();

	final MessagingSystemTest rest = new MessagingSystemTest();

	@Test
	void userOnTwoDevicesGoesOfflineOnlyAfterTheLastDisconnectAndTheGrace() throws Exception {
		String conversation = this.rest.createConversation("pw-user", "pw-watcher");
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient watcher = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("pw-watcher"))) {
			watcher.subscribe(topic);
			StompTestClient phone = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("pw-user"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> latestPresence(watcher, topic, "pw-user"), p -> p != null && p.get("online").asBoolean());
			StompTestClient laptop = StompTestClient.connect(this.stack.secondEdgeUrl(), this.stack.token("pw-user"));

			phone.close();
			// Still online: the laptop is connected. Wait past the grace, then check
			// nothing said offline.
			long before = presenceEvents(watcher, topic, "pw-user").size();
			await().pollDelay(Duration.ofMillis(SystemStack.PRESENCE_GRACE_MS + 1500))
				.atMost(Duration.ofSeconds(10))
				.until(() -> true);
			assertThat(presenceEvents(watcher, topic, "pw-user")).hasSize((int) before);

			Instant lastDisconnect = Instant.now();
			laptop.close();
			JsonNode offline = await().atMost(Duration.ofMillis(SystemStack.PRESENCE_GRACE_MS + 1000 + 500))
				.until(() -> latestPresence(watcher, topic, "pw-user"), p -> !p.get("online").asBoolean());
			assertThat(Instant.parse(offline.get("lastSeenAt").asString())).isBetween(lastDisconnect.minusSeconds(2),
					lastDisconnect.plusSeconds(2));
		}
	}

	@Test
	void reconnectInsideTheGracePublishesNothing() throws Exception {
		String conversation = this.rest.createConversation("rg-user", "rg-watcher");
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient watcher = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("rg-watcher"))) {
			watcher.subscribe(topic);
			StompTestClient first = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("rg-user"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> latestPresence(watcher, topic, "rg-user"), p -> p != null && p.get("online").asBoolean());
			int online = presenceEvents(watcher, topic, "rg-user").size();

			first.close();
			try (StompTestClient again = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("rg-user"))) {
				await().pollDelay(Duration.ofMillis(SystemStack.PRESENCE_GRACE_MS + 1500))
					.atMost(Duration.ofSeconds(10))
					.until(() -> true);
				assertThat(presenceEvents(watcher, topic, "rg-user")).hasSize(online);
			}
		}
	}

	@Test
	void killingAnEdgeTakesItsUsersOfflineOnTheOtherEdgeWithinTheLeaseAndTheyComeBack() throws Exception {
		String conversation = this.rest.createConversation("ke-user", "ke-watcher");
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient watcher = StompTestClient.connect(this.stack.secondEdgeUrl(),
				this.stack.token("ke-watcher"))) {
			watcher.subscribe(topic);
			StompTestClient victim = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("ke-user"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> latestPresence(watcher, topic, "ke-user"), p -> p != null && p.get("online").asBoolean());

			Instant killed = Instant.now();
			new ProcessBuilder("kill", "-9", String.valueOf(this.stack.pid("edge"))).start().waitFor();
			await().atMost(Duration.ofMillis(SystemStack.PRESENCE_LEASE_MS + 2000 + SystemStack.HEARTBEAT_MS))
				.until(() -> latestPresence(watcher, topic, "ke-user"), p -> !p.get("online").asBoolean());
			assertThat(Duration.between(killed, Instant.now())).isLessThanOrEqualTo(
					Duration.ofMillis(SystemStack.PRESENCE_LEASE_MS + 2000 + SystemStack.HEARTBEAT_MS));

			try (StompTestClient back = StompTestClient.connect(this.stack.secondEdgeUrl(),
					this.stack.token("ke-user"))) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> latestPresence(watcher, topic, "ke-user"), p -> p.get("online").asBoolean());
			}
			victim.close();
		}
		finally {
			this.stack.launcher("up");
		}
	}

	@Test
	void restartingThePresenceServiceNeverShowsAConnectedUserOffline() throws Exception {
		String conversation = this.rest.createConversation("rp-user", "rp-watcher");
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient watcher = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("rp-watcher"));
				StompTestClient user = StompTestClient.connect(this.stack.secondEdgeUrl(),
						this.stack.token("rp-user"))) {
			watcher.subscribe(topic);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> latestPresence(watcher, topic, "rp-user"), p -> p != null && p.get("online").asBoolean());

			new ProcessBuilder("kill", "-9", String.valueOf(this.stack.pid("presence"))).start().waitFor();
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.stack.alive("presence"));
			this.stack.launcher("up");
			// Up again: within one heartbeat period plus the warm-up the REST view is
			// right...
			await().atMost(Duration.ofMillis(SystemStack.HEARTBEAT_MS * 3 + 2000))
				.until(() -> presenceOf("rp-watcher", "rp-user"), p -> p != null && p.get("online").asBoolean());
			// ...and nothing ever said the connected users were offline.
			assertThat(presenceEvents(watcher, topic, "rp-user")).noneMatch(p -> !p.get("online").asBoolean());
			assertThat(presenceEvents(watcher, topic, "rp-watcher")).noneMatch(p -> !p.get("online").asBoolean());
		}
	}

	@Test
	void typingReachesMembersAndEndsWhenTheTypistDisconnects() throws Exception {
		String conversation = this.rest.createConversation("ty-reader", "ty-typist");
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient reader = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("ty-reader"))) {
			reader.subscribe(topic);
			StompTestClient typist = StompTestClient.connect(this.stack.secondEdgeUrl(), this.stack.token("ty-typist"));
			typist.send("/app/conversations/" + conversation + "/typing", Map.of("typing", true));

			await().atMost(Duration.ofSeconds(10))
				.until(() -> latestTyping(reader, topic), t -> t != null && t.contains("ty-typist"));
			typist.close();
			await().atMost(Duration.ofSeconds(5)).until(() -> latestTyping(reader, topic), List::isEmpty);
		}
	}

	@Test
	void strangersCanNeitherTypeNorSeePresence() throws Exception {
		String conversation = this.rest.createConversation("st-member");
		try (StompTestClient stranger = StompTestClient.connect(this.stack.edgeUrl(),
				this.stack.token("st-stranger"))) {
			stranger.subscribe("/user/queue/errors");
			stranger.send("/app/conversations/" + conversation + "/typing", Map.of("typing", true));

			JsonNode error = await().atMost(Duration.ofSeconds(10))
				.until(() -> stranger.bodies("/user/queue/errors"), e -> !e.isEmpty())
				.get(0);
			assertThat(error.get("code").asString()).isEqualTo("NOT_MEMBER");
		}
		HttpResponse<String> refused = presence("st-stranger", "st-member");
		assertThat(refused.statusCode()).isEqualTo(403);
	}

	static List<JsonNode> presenceEvents(StompTestClient client, String topic, String userId) {
		return client.bodies(topic)
			.stream()
			.filter(e -> "presence.updated".equals(e.get("type").asString())
					&& userId.equals(e.get("userId").asString()))
			.toList();
	}

	static JsonNode latestPresence(StompTestClient client, String topic, String userId) {
		List<JsonNode> events = presenceEvents(client, topic, userId);
		return events.isEmpty() ? null : events.get(events.size() - 1);
	}

	static List<String> latestTyping(StompTestClient client, String topic) {
		List<JsonNode> typing = client.bodies(topic)
			.stream()
			.filter(e -> "typing.updated".equals(e.get("type").asString()))
			.toList();
		return typing.isEmpty() ? null
				: typing.get(typing.size() - 1).get("userIds").valueStream().map(JsonNode::asString).toList();
	}

	JsonNode presenceOf(String caller, String userId) {
		HttpResponse<String> response = presence(caller, userId);
		if (response.statusCode() != 200) {
			return null;
		}
		return ChatJson.mapper().readTree(response.body()).get(0);
	}

	HttpResponse<String> presence(String caller, String userIds) {
		return SystemStack.http(
				HttpRequest.newBuilder(URI.create(this.stack.presenceServiceUrl() + "/api/presence?userIds=" + userIds))
					.header("Authorization", "Bearer " + this.stack.token(caller))
					.build());
	}

}
