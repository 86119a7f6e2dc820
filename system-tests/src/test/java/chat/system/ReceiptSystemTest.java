package chat.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import chat.contracts.ChatJson;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivered/read receipts end to end, including a {@code kill -9} of the receipt service.
 */
@ExtendWith(SystemStack.class)
class ReceiptSystemTest {

	final SystemStack stack = SystemStack.get();

	final MessagingSystemTest rest = new MessagingSystemTest();

	@Test
	void readAndDeliveredReachTheSenderRestAndUnreadCounts() throws Exception {
		String conversation = this.rest.createConversation("rc-a", "rc-b");
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient a = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("rc-a"));
				StompTestClient b = StompTestClient.connect(this.stack.secondEdgeUrl(), this.stack.token("rc-b"))) {
			a.subscribe("/user/queue/acks").subscribe(topic);
			b.subscribe(topic);
			for (int i = 1; i <= 5; i++) {
				a.send(MessagingSystemTest.send(conversation),
						Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "m" + i));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> MessagingSystemTest.messages(b, topic).size() == 5);
			// The receipt service learns the last seq from chat.messages.v1; wait until
			// it knows seq 5.
			await().atMost(Duration.ofSeconds(30)).until(() -> unread("rc-b", conversation) == 5);

			b.send("/app/conversations/" + conversation + "/delivered", Map.of("upToSeq", 5));
			b.send("/app/conversations/" + conversation + "/read", Map.of("upToSeq", 3));

			await().atMost(Duration.ofSeconds(30))
				.until(() -> receiptOf(a, topic, "rc-b"), r -> r != null && r.get("deliveredUpToSeq").asLong() == 5
						&& r.get("readUpToSeq").asLong() == 3);
			JsonNode receipts = ChatJson.mapper()
				.readTree(get("rc-a", "/api/conversations/" + conversation + "/receipts"));
			JsonNode bRow = receipts.valueStream()
				.filter(r -> r.get("userId").asString().equals("rc-b"))
				.findFirst()
				.orElseThrow();
			assertThat(bRow.get("deliveredUpToSeq").asLong()).isEqualTo(5);
			assertThat(bRow.get("readUpToSeq").asLong()).isEqualTo(3);
			assertThat(unread("rc-b", conversation)).isEqualTo(2);
		}
	}

	@Test
	void killingTheReceiptServiceMidStreamLosesNoWatermarkAndMovesNoneBack() throws Exception {
		String conversation = this.rest.createConversation("rk-a", "rk-b");
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient a = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("rk-a"));
				StompTestClient b = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("rk-b"))) {
			b.subscribe(topic);
			for (int i = 1; i <= 50; i++) {
				a.send(MessagingSystemTest.send(conversation),
						Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "k" + i));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> MessagingSystemTest.messages(b, topic).size() == 50);
			await().atMost(Duration.ofSeconds(30)).until(() -> unread("rk-b", conversation) == 50);

			Random random = new Random(42);
			long maxDelivered = 0;
			long maxRead = 0;
			List<Map<String, Object>> stream = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				long seq = 1 + random.nextInt(50);
				boolean read = random.nextBoolean();
				stream.add(Map.of("kind", read ? "read" : "delivered", "upToSeq", seq));
				if (read) {
					maxRead = Math.max(maxRead, seq);
				}
				else {
					maxDelivered = Math.max(maxDelivered, seq);
				}
			}
			for (int i = 0; i < stream.size(); i++) {
				if (i == stream.size() / 2) {
					new ProcessBuilder("kill", "-9", String.valueOf(this.stack.pid("receipt"))).start().waitFor();
				}
				Map<String, Object> command = stream.get(i);
				b.send("/app/conversations/" + conversation + "/" + command.get("kind"),
						Map.of("upToSeq", command.get("upToSeq")));
			}
			this.stack.launcher("up");

			long expectedRead = maxRead;
			long expectedDelivered = Math.max(maxDelivered, maxRead);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> watermarksOf("rk-a", conversation, "rk-b"),
						w -> w != null && w.get("readUpToSeq").asLong() == expectedRead
								&& w.get("deliveredUpToSeq").asLong() == expectedDelivered);
		}
	}

	@Test
	void aStrangersReceiptFrameIsRefusedAndTheirReceiptsRequestIsForbidden() throws Exception {
		String conversation = this.rest.createConversation("rs-member");
		try (StompTestClient stranger = StompTestClient.connect(this.stack.edgeUrl(),
				this.stack.token("rs-stranger"))) {
			stranger.subscribe("/user/queue/errors");
			stranger.send("/app/conversations/" + conversation + "/read", Map.of("upToSeq", 1));
			stranger.send("/app/conversations/" + conversation + "/delivered", Map.of("upToSeq", 1));

			List<JsonNode> errors = await().atMost(Duration.ofSeconds(10))
				.until(() -> stranger.bodies("/user/queue/errors"), e -> e.size() == 2);
			assertThat(errors).extracting(e -> e.get("code").asString()).containsOnly("NOT_MEMBER");
		}
		// The receipt service learns members from chat.conversations.v1: 404 until it
		// knows the conversation.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> SystemStack
				.http(HttpRequest
					.newBuilder(URI
						.create(this.stack.receiptServiceUrl() + "/api/conversations/" + conversation + "/receipts"))
					.header("Authorization", "Bearer " + this.stack.token("rs-stranger"))
					.build())
				.statusCode(), status -> status == 403);
	}

	static JsonNode receiptOf(StompTestClient client, String topic, String userId) {
		List<JsonNode> receipts = client.bodies(topic)
			.stream()
			.filter(e -> "receipt.updated".equals(e.get("type").asString())
					&& userId.equals(e.get("userId").asString()))
			.toList();
		return receipts.isEmpty() ? null : receipts.get(receipts.size() - 1);
	}

	JsonNode watermarksOf(String caller, String conversation, String userId) {
		String body = get(caller, "/api/conversations/" + conversation + "/receipts");
		return ChatJson.mapper()
			.readTree(body)
			.valueStream()
			.filter(r -> r.get("userId").asString().equals(userId))
			.findFirst()
			.orElse(null);
	}

	long unread(String caller, String conversation) {
		JsonNode unread = ChatJson.mapper().readTree(get(caller, "/api/unread"));
		return unread.valueStream()
			.filter(u -> u.get("conversationId").asString().equals(conversation))
			.map(u -> u.get("unread").asLong())
			.findFirst()
			.orElse(-1L);
	}

	String get(String caller, String path) {
		return SystemStack
			.http(HttpRequest.newBuilder(URI.create(this.stack.receiptServiceUrl() + path))
				.header("Authorization", "Bearer " + this.stack.token(caller))
				.build())
			.body();
	}

}
