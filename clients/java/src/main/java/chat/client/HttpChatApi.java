package chat.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link ChatApi} over the JDK's {@link HttpClient}. */
final class HttpChatApi implements ChatApi {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http;

	private final URI messageService;

	private final URI receiptService;

	HttpChatApi(HttpClient http, URI messageService, URI receiptService) {
		this.http = http;
		this.messageService = messageService;
		this.receiptService = receiptService;
	}

	@Override
	public CompletableFuture<ConversationInfo> conversation(UUID conversationId, String token) {
		return get(this.messageService, "/api/conversations/" + conversationId, token).thenApply(HttpChatApi::info);
	}

	@Override
	public CompletableFuture<ConversationInfo> createConversation(String title, List<String> memberIds, String token) {
		ObjectNode body = Json.object();
		if (title != null) {
			body.put("title", title);
		}
		memberIds.forEach(body.putArray("memberIds")::add);
		HttpRequest request = request(this.messageService, "/api/conversations", token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
			.build();
		return call(request).thenApply(HttpChatApi::info);
	}

	@Override
	public CompletableFuture<Page> messagesAfter(UUID conversationId, long afterSeq, int limit, String token) {
		return page(conversationId, "afterSeq=" + afterSeq + "&limit=" + limit, token);
	}

	@Override
	public CompletableFuture<Page> messagesBefore(UUID conversationId, long beforeSeq, int limit, String token) {
		return page(conversationId, "beforeSeq=" + beforeSeq + "&limit=" + limit, token);
	}

	@Override
	public CompletableFuture<List<Watermark>> receipts(UUID conversationId, String token) {
		if (this.receiptService == null) {
			return CompletableFuture.completedFuture(List.of());
		}
		return get(this.receiptService, "/api/conversations/" + conversationId + "/receipts", token)
			.thenApply(array -> {
				List<Watermark> marks = new ArrayList<>();
				array.forEach(item -> marks.add(new Watermark(Json.text(item, "userId"),
						Json.number(item, "deliveredUpToSeq", 0), Json.number(item, "readUpToSeq", 0))));
				return marks;
			});
	}

	private CompletableFuture<Page> page(UUID conversationId, String query, String token) {
		return get(this.messageService, "/api/conversations/" + conversationId + "/messages?" + query, token)
			.thenApply(page -> {
				List<Message> messages = new ArrayList<>();
				page.get("messages").forEach(item -> messages.add(Json.storedMessage(item)));
				JsonNode hasMore = page.get("hasMore");
				return new Page(messages, hasMore != null && hasMore.asBoolean());
			});
	}

	private static ConversationInfo info(JsonNode node) {
		return new ConversationInfo(Json.uuid(node, "id"), Json.text(node, "title"), Json.text(node, "createdBy"),
				Json.number(node, "lastSeq", 0), Json.strings(node, "memberIds"));
	}

	private CompletableFuture<JsonNode> get(URI base, String path, String token) {
		return call(request(base, path, token).GET().build());
	}

	private static HttpRequest.Builder request(URI base, String path, String token) {
		return HttpRequest.newBuilder(base.resolve(path))
			.timeout(TIMEOUT)
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json");
	}

	private CompletableFuture<JsonNode> call(HttpRequest request) {
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
			if (response.statusCode() == 401) {
				throw new Unauthorized();
			}
			if (response.statusCode() / 100 != 2) {
				String code = "";
				try {
					code = String.valueOf(Json.text(Json.parse(response.body()), "code"));
				}
				catch (RuntimeException ex) {
					// not a problem document; the status says enough
				}
				throw new Failed(response.statusCode(), code);
			}
			return Json.parse(response.body());
		});
	}

}
