package chat.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A system the generator drives, and how the same load maps onto it: where to connect,
 * how a member authenticates, where a message is sent and subscribed, and what counts as
 * its ack.
 *
 * <ul>
 * <li>{@code chat} — this project's edge. Members get tokens from the dev issuer, the
 * conversations are created over the message service's REST API; ack = the ACCEPTED frame
 * on {@code /user/queue/acks}, sent after the row is committed.</li>
 * <li>{@code spring} — the bare Spring STOMP simple-broker peer, the same destinations
 * and frames; ack = its ACCEPTED frame on {@code /user/queue/acks}, sent once the broker
 * has taken the event for every subscriber (nothing is stored).</li>
 * <li>{@code rabbitmq} — RabbitMQ Web-STOMP: the message itself is sent to
 * {@code /topic/conversations.<cid>} (amq.topic, routing key {@code conversations.<cid>})
 * with a {@code receipt} header; ack = that RECEIPT, which RabbitMQ sends once the broker
 * has confirmed the publish (publisher confirm; nothing is persisted, the subscribers'
 * queues are transient). No {@code seq}: order is checked per sender.</li>
 * </ul>
 */
record Target(String name, List<URI> endpoints, boolean ackByReceipt, String sendPrefix, String sendSuffix,
		String topicPrefix, Map<String, String> extraConnectHeaders, ChatApi chatApi) {

	/**
	 * This project's edge nodes, one port each: session {@code i} connects to node
	 * {@code i mod nodes}, so the members of a conversation are spread over every node.
	 */
	static Target chat(String host, List<Integer> edgePorts, int messagePort, int issuerPort) {
		return new Target("chat", edgePorts.stream().map((port) -> webSocket(host, port)).toList(), false,
				"/app/conversations/", "/messages", "/topic/conversations/", Map.of(),
				new ChatApi(URI.create("http://" + host + ":" + messagePort),
						URI.create("http://" + host + ":" + issuerPort)));
	}

	static Target spring(String host, int port) {
		return new Target("spring", List.of(webSocket(host, port)), false, "/app/conversations/", "/messages",
				"/topic/conversations/", Map.of(), null);
	}

	static Target rabbitmq(String host, int port) {
		return new Target("rabbitmq", List.of(webSocket(host, port)), true, "/topic/conversations.", "",
				"/topic/conversations.", Map.of("login", "guest", "passcode", "guest", "host", "/"), null);
	}

	private static URI webSocket(String host, int port) {
		return URI.create("ws://" + host + ":" + port + "/ws");
	}

	/** Where session number {@code index} connects. */
	URI endpoint(int index) {
		return this.endpoints.get(index % this.endpoints.size());
	}

	String sendDestination(String conversationId) {
		return this.sendPrefix + conversationId + this.sendSuffix;
	}

	String topic(String conversationId) {
		return this.topicPrefix + conversationId;
	}

	/** Whether members also subscribe {@code /user/queue/acks}. */
	boolean subscribesAcks() {
		return !this.ackByReceipt;
	}

	/**
	 * Creates {@code conversations} conversations of {@code members} members each; user
	 * ids start with {@code tag} so that runs do not meet.
	 */
	Layout prepare(String tag, int conversations, int members) throws IOException, InterruptedException {
		List<String> ids = new ArrayList<>();
		List<List<Map<String, String>>> headers = new ArrayList<>();
		List<List<String>> users = new ArrayList<>();
		for (int c = 0; c < conversations; c++) {
			List<String> names = new ArrayList<>();
			for (int m = 0; m < members; m++) {
				names.add(tag + "-c" + c + "-m" + m);
			}
			users.add(names);
		}
		List<List<String>> credentials = (this.chatApi != null) ? this.chatApi.tokens(users) : users;
		for (int c = 0; c < conversations; c++) {
			ids.add((this.chatApi != null) ? null : UUID.randomUUID().toString());
			List<Map<String, String>> forMembers = new ArrayList<>();
			for (String credential : credentials.get(c)) {
				Map<String, String> h = new java.util.LinkedHashMap<>(this.extraConnectHeaders);
				if (!this.ackByReceipt) {
					h.put("Authorization", "Bearer " + credential);
				}
				forMembers.add(h);
			}
			headers.add(forMembers);
		}
		if (this.chatApi != null) {
			List<String> created = this.chatApi.createConversations(users, credentials);
			for (int c = 0; c < conversations; c++) {
				ids.set(c, created.get(c));
			}
		}
		return new Layout(ids, headers);
	}

	/** Conversation ids and, per conversation and member, the CONNECT headers. */
	record Layout(List<String> conversationIds, List<List<Map<String, String>>> connectHeaders) {
	}

	/** This project's dev issuer and message-service REST API. */
	record ChatApi(URI messageService, URI issuer) {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		List<List<String>> tokens(List<List<String>> users) throws InterruptedException {
			List<List<CompletableFuture<String>>> pending = new ArrayList<>();
			Semaphore inFlight = new Semaphore(8);
			for (List<String> names : users) {
				List<CompletableFuture<String>> forNames = new ArrayList<>();
				for (String user : names) {
					inFlight.acquire();
					forNames.add(HTTP
						.sendAsync(HttpRequest.newBuilder(this.issuer.resolve("/token?sub=" + user + "&ttl=PT12H"))
							.build(), HttpResponse.BodyHandlers.ofString())
						.whenComplete((r, ex) -> inFlight.release())
						.thenApply((r) -> ok(r, "token for " + user).body().trim()));
				}
				pending.add(forNames);
			}
			return pending.stream().map((l) -> l.stream().map(CompletableFuture::join).toList()).toList();
		}

		List<String> createConversations(List<List<String>> users, List<List<String>> tokens)
				throws InterruptedException {
			List<CompletableFuture<String>> pending = new ArrayList<>();
			Semaphore inFlight = new Semaphore(8);
			for (int c = 0; c < users.size(); c++) {
				List<String> others = users.get(c).subList(1, users.get(c).size());
				String body = JSON.writeValueAsString(Map.of("memberIds", others));
				HttpRequest request = HttpRequest.newBuilder(this.messageService.resolve("/api/conversations"))
					.header("Authorization", "Bearer " + tokens.get(c).get(0))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build();
				inFlight.acquire();
				pending.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
					.whenComplete((r, ex) -> inFlight.release())
					.thenApply((r) -> {
						JsonNode created = JSON.readTree(ok(r, "create conversation").body());
						return created.get("id").asString();
					}));
			}
			return pending.stream().map(CompletableFuture::join).toList();
		}

		private static HttpResponse<String> ok(HttpResponse<String> response, String what) {
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
			}
			return response;
		}

	}

}
