package chat.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import chat.client.ChatClient;
import chat.client.Conversation;
import chat.client.Message;
import chat.client.SendResult;
import chat.contracts.ChatJson;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message path end to end, over real sockets, against the processes the launcher
 * starts.
 */
@ExtendWith(SystemStack.class)
class MessagingSystemTest {

	static final Duration WAIT = Duration.ofSeconds(30);

	final SystemStack stack = SystemStack.get();

	/**
	 * 1,000 emoji are 4,000 bytes of UTF-8: the edge writes the event in 2 KiB WebSocket
	 * frames of one message (its output buffer), and the receiver gets it whole.
	 */
	@Test
	void aMessageOfTheMaximumLengthArrivesWhole() throws Exception {
		String conversation = createConversation("long-alice", "long-bob");
		String text = "\uD83D\uDE00".repeat(1000);
		try (StompTestClient alice = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("long-alice"));
				StompTestClient bob = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("long-bob"))) {
			alice.subscribe("/user/queue/acks");
			bob.subscribe(topic(conversation));

			alice.send(send(conversation), Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text));

			List<JsonNode> shown = await().atMost(WAIT)
				.until(() -> messages(bob, topic(conversation)), m -> !m.isEmpty());
			assertThat(shown.get(0).get("text").asString()).isEqualTo(text);
			JsonNode ack = await().atMost(WAIT)
				.until(() -> alice.bodies("/user/queue/acks"), acks -> !acks.isEmpty())
				.get(0);
			assertThat(ack.get("status").asString()).isEqualTo("ACCEPTED");
		}
	}

	@Test
	void printedTokenWorksAtOnceAndAMessageReachesTheOtherMemberAfterItIsCommitted() throws Exception {
		String conversation = createConversation("alice", "bob");
		try (StompTestClient alice = StompTestClient.connect(this.stack.edgeUrl(), this.stack.printedToken("alice"));
				StompTestClient bob = StompTestClient.connect(this.stack.edgeUrl(), this.stack.printedToken("bob"))) {
			alice.subscribe("/user/queue/acks").subscribe(topic(conversation));
			bob.subscribe(topic(conversation));
			UUID clientMessageId = UUID.randomUUID();

			alice.send(send(conversation), Map.of("clientMessageId", clientMessageId.toString(), "text", "hi Bob"));

			JsonNode ack = await().atMost(WAIT)
				.until(() -> alice.bodies("/user/queue/acks"), acks -> !acks.isEmpty())
				.get(0);
			// The ack is sent only after the commit: the row must be there the moment the
			// ack is.
			assertThat(storedSeqOf("alice", clientMessageId)).isEqualTo(ack.get("seq").asLong());
			assertThat(ack.get("status").asString()).isEqualTo("ACCEPTED");
			assertThat(ack.get("messageId").asString()).isNotBlank();
			assertThat(ack.get("seq").asLong()).isEqualTo(1);
			StompTestClient.Frame created = await().atMost(WAIT)
				.until(() -> bob.frames(topic(conversation))
					.stream()
					.filter(f -> "message.created".equals(f.headers().getFirst("event-type")))
					.toList(), frames -> !frames.isEmpty())
				.get(0);
			assertThat(created.headers().getFirst("event-type")).isEqualTo("message.created");
			assertThat(created.body().get("type").asString()).isEqualTo("message.created");
			assertThat(created.body().get("text").asString()).isEqualTo("hi Bob");
			assertThat(created.body().get("senderId").asString()).isEqualTo("alice");
			assertThat(created.body().get("messageId").asString()).isEqualTo(ack.get("messageId").asString());
		}
	}

	@Test
	void sameClientMessageIdThreeTimesIsStoredOnceShownOnceAndAckedThreeTimesIdentically() throws Exception {
		String conversation = createConversation("alice", "bob");
		UUID clientMessageId = UUID.randomUUID();
		Map<String, String> body = Map.of("clientMessageId", clientMessageId.toString(), "text", "only once");
		try (StompTestClient bob = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("bob"))) {
			bob.subscribe(topic(conversation));
			List<JsonNode> acks = new ArrayList<>();
			try (StompTestClient alice = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("alice"))) {
				alice.subscribe("/user/queue/acks");
				alice.send(send(conversation), body);
				alice.send(send(conversation), body);
				acks.addAll(await().atMost(WAIT).until(() -> alice.bodies("/user/queue/acks"), a -> a.size() == 2));
			}
			try (StompTestClient again = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("alice"))) {
				again.subscribe("/user/queue/acks");
				again.send(send(conversation), body);
				acks.addAll(await().atMost(WAIT).until(() -> again.bodies("/user/queue/acks"), a -> a.size() == 1));
				// A later message is a barrier: once bob has it, any duplicate would have
				// arrived before it.
				again.send(send(conversation), Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "next"));
			}

			List<JsonNode> shown = await().atMost(WAIT)
				.until(() -> messages(bob, topic(conversation)), s -> s.size() >= 2);
			assertThat(shown).extracting(m -> m.get("text").asString()).containsExactly("only once", "next");
			assertThat(acks).hasSize(3)
				.allSatisfy(ack -> assertThat(ack.get("status").asString()).isEqualTo("ACCEPTED"))
				.extracting(ack -> ack.get("messageId").asString() + "/" + ack.get("seq").asLong() + "/"
						+ ack.get("createdAt").asString())
				.containsOnly(
						acks.get(0).get("messageId").asString() + "/1/" + acks.get(0).get("createdAt").asString());
			assertThat(rowsOf(conversation)).isEqualTo(2);
		}
	}

	/**
	 * Four users on the Java SDK send 50 messages each at once; a raw STOMP watcher sees
	 * the wire. The SDK's clients would reconnect and resend if a session dropped (as a
	 * real app's do on a busy machine); what the server must do holds either way: seqs 1
	 * to 200, each acked once, in order on the wire, for every member and in history.
	 */
	@Test
	void twoHundredMessagesFromFourConcurrentSendersGetSeqOneToTwoHundredInOrderEverywhere() throws Exception {
		List<String> senders = List.of("s1", "s2", "s3", "s4");
		String conversation = createConversation("s1", "s2", "s3", "s4");
		UUID conversationId = UUID.fromString(conversation);
		List<Long> expected = LongStream.rangeClosed(1, 200).boxed().toList();
		ExecutorService pool = Executors.newFixedThreadPool(senders.size());
		try (StompTestClient watcher = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("s1"));
				SdkClients sdk = new SdkClients(this.stack)) {
			watcher.subscribe(topic(conversation));
			List<Conversation> chats = new ArrayList<>();
			List<List<Message>> shown = new ArrayList<>();
			for (String sender : senders) {
				ChatClient client = sdk.client(sender);
				Conversation chat = client.conversation(conversationId, 0);
				List<Message> seen = new CopyOnWriteArrayList<>();
				chat.onMessage(seen::add);
				client.connect();
				chats.add(chat);
				shown.add(seen);
			}
			List<Future<List<SendResult>>> sending = new ArrayList<>();
			for (Conversation chat : chats) {
				sending.add(pool.submit(() -> {
					List<java.util.concurrent.CompletableFuture<SendResult>> results = new ArrayList<>();
					for (int i = 0; i < 50; i++) {
						results.add(chat.send("m" + i).result());
					}
					return results.stream().map(r -> r.orTimeout(60, TimeUnit.SECONDS).join()).toList();
				}));
			}
			List<Long> acked = new ArrayList<>();
			for (Future<List<SendResult>> done : sending) {
				done.get().forEach(result -> acked.add(result.seq()));
			}
			assertThat(acked).containsExactlyInAnyOrderElementsOf(expected);
			for (List<Message> seen : shown) {
				await().atMost(WAIT).until(() -> seen.size() >= 200);
				assertThat(seen).extracting(Message::seq).containsExactlyElementsOf(expected);
			}
			await().atMost(WAIT).until(() -> messages(watcher, topic(conversation)).size() >= 200);
			assertThat(messages(watcher, topic(conversation))).extracting(m -> m.get("seq").asLong())
				.containsExactlyElementsOf(expected);
			JsonNode history = ChatJson.mapper()
				.readTree(get("s1", "/api/conversations/" + conversation + "/messages?afterSeq=0&limit=500").body());
			assertThat(history.get("messages").valueStream().map(m -> m.get("seq").asLong()).toList())
				.containsExactlyElementsOf(expected);
			assertThat(history.get("hasMore").asBoolean()).isFalse();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void nonMemberCanNeitherSubscribeNorSendAndOverlongTextIsTooLong() throws Exception {
		String conversation = createConversation("alice");
		try (StompTestClient mallory = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("mallory"))) {
			mallory.subscribe("/user/queue/errors").subscribe("/user/queue/acks");
			mallory.subscribeWithoutReceipt(topic(conversation));
			JsonNode error = await().atMost(WAIT)
				.until(() -> mallory.bodies("/user/queue/errors"), e -> !e.isEmpty())
				.get(0);
			assertThat(error.get("code").asString()).isEqualTo("NOT_MEMBER");
			assertThat(error.get("destination").asString()).isEqualTo(topic(conversation));

			String notMine = UUID.randomUUID().toString();
			mallory.send(send(conversation), Map.of("clientMessageId", notMine, "text", "let me in"));
			String tooLong = UUID.randomUUID().toString();
			mallory.send(send(conversation), Map.of("clientMessageId", tooLong, "text", "x".repeat(1001)));

			List<JsonNode> acks = await().atMost(WAIT)
				.until(() -> mallory.bodies("/user/queue/acks"), a -> a.size() == 2);
			assertThat(acks)
				.extracting(a -> a.get("clientMessageId").asString() + ":" + a.get("status").asString() + ":"
						+ a.get("error").get("code").asString())
				.containsExactlyInAnyOrder(notMine + ":REJECTED:NOT_MEMBER", tooLong + ":REJECTED:TOO_LONG");
			assertThat(mallory.frames(topic(conversation))).isEmpty();
			assertThat(rowsOf(conversation)).isZero();
		}
	}

	@Test
	void conversationCreatedAMomentAgoCanBeSubscribedAtOnce() throws Exception {
		try (StompTestClient bob = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("bob"))) {
			String conversation = createConversation("alice", "bob");

			bob.subscribe(topic(conversation));

			assertThat(bob.isConnected()).isTrue();
		}
	}

	String createConversation(String creator, String... others) {
		List<String> members = new ArrayList<>(List.of(others));
		HttpResponse<String> response = SystemStack
			.http(HttpRequest.newBuilder(URI.create(this.stack.messageServiceUrl() + "/api/conversations"))
				.header("Authorization", "Bearer " + this.stack.token(creator))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						ChatJson.mapper().writeValueAsString(Map.of("title", "system test", "memberIds", members))))
				.build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return ChatJson.mapper().readTree(response.body()).get("id").asString();
	}

	HttpResponse<String> get(String user, String path) {
		return SystemStack.http(HttpRequest.newBuilder(URI.create(this.stack.messageServiceUrl() + path))
			.header("Authorization", "Bearer " + this.stack.token(user))
			.build());
	}

	long storedSeqOf(String sender, UUID clientMessageId) throws Exception {
		try (Connection db = this.stack.database();
				PreparedStatement query = db
					.prepareStatement("SELECT seq FROM messages WHERE sender_id = ? AND client_message_id = ?")) {
			query.setString(1, sender);
			query.setObject(2, clientMessageId);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? rows.getLong(1) : -1;
			}
		}
	}

	long rowsOf(String conversation) throws Exception {
		try (Connection db = this.stack.database();
				PreparedStatement query = db
					.prepareStatement("SELECT count(*) FROM messages WHERE conversation_id = ?")) {
			query.setObject(1, UUID.fromString(conversation));
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	/**
	 * The {@code message.created} events among everything {@code client} got on
	 * {@code destination}.
	 */
	static List<JsonNode> messages(StompTestClient client, String destination) {
		return client.bodies(destination)
			.stream()
			.filter(e -> "message.created".equals(e.get("type").asString()))
			.toList();
	}

	static String topic(String conversation) {
		return "/topic/conversations/" + conversation;
	}

	static String send(String conversation) {
		return "/app/conversations/" + conversation + "/messages";
	}

}
