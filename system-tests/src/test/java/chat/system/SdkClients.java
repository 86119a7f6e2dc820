package chat.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import chat.client.ChatClient;
import chat.client.ChatRuntime;
import chat.client.TokenSupplier;

/**
 * Java SDK clients against the launched system: one shared {@link ChatRuntime}, tokens
 * from the dev issuer. Closes every client it built.
 */
final class SdkClients implements AutoCloseable {

	private final SystemStack stack;

	private final ChatRuntime runtime = ChatRuntime.create(2);

	private final List<ChatClient> built = new ArrayList<>();

	SdkClients(SystemStack stack) {
		this.stack = stack;
	}

	/**
	 * A client for {@code user} on the first edge, with an hour-long token per request.
	 */
	ChatClient client(String user) {
		return client(user, URI.create(this.stack.edgeUrl()), reason -> token(user, Duration.ofHours(1)));
	}

	ChatClient client(String user, URI edge, Function<TokenSupplier.Reason, String> tokens) {
		return client(user, List.of(edge), tokens);
	}

	ChatClient client(String user, List<URI> edges, Function<TokenSupplier.Reason, String> tokens) {
		ChatClient client = ChatClient.builder()
			.url(edges.toArray(URI[]::new))
			.messageService(URI.create(this.stack.messageServiceUrl()))
			.receiptService(URI.create(this.stack.receiptServiceUrl()))
			.tokens(reason -> CompletableFuture.supplyAsync(() -> tokens.apply(reason)))
			.runtime(this.runtime)
			.build();
		this.built.add(client);
		return client;
	}

	/** A token from the dev issuer that expires after {@code ttl}. */
	String token(String user, Duration ttl) {
		return SystemStack
			.http(HttpRequest
				.newBuilder(URI
					.create("http://127.0.0.1:" + SystemStack.ISSUER_PORT + "/token?sub=" + user + "&ttl=" + ttl))
				.build())
			.body()
			.trim();
	}

	@Override
	public void close() {
		this.built.forEach(ChatClient::close);
		// Their DISCONNECTs go out on the runtime's threads: stop those only afterwards.
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.built.stream().allMatch(c -> c.state() instanceof chat.client.ConnectionState.Closed));
		this.runtime.close();
	}

}
