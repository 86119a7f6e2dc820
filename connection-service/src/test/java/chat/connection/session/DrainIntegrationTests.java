package chat.connection.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import chat.connection.ConnectionServiceApplication;
import chat.connection.RawStompSocket;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.SessionNotice;
import chat.devinfra.DevIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting an edge down (SIGTERM closes the application context) tells every session
 * {@code server.draining} and closes it with 1012, so clients reconnect elsewhere at
 * once. An edge of its own (Kafka is not needed for this), stopped by the test.
 */
class DrainIntegrationTests {

	private static final DevIssuer ISSUER = DevIssuer.serving("http://issuer.drain.test", "chat");

	@AfterAll
	static void stopIssuer() {
		ISSUER.close();
	}

	@Test
	void shutdownTellsSessionsToReconnectAndClosesThemWith1012() throws Exception {
		// Command-line arguments: they win over application.yml, as a deployment's
		// settings do.
		List<String> args = new ArrayList<>(List.of("server.port=0", "spring.kafka.bootstrap-servers=127.0.0.1:1",
				"spring.kafka.admin.auto-create=false", "spring.kafka.producer.properties.max.block.ms=200",
				"chat.edge.message-service-url=http://127.0.0.1:1", "chat.edge.node-id=edge-drain"));
		ISSUER.resourceServerProperties().forEach((name, value) -> args.add(name + "=" + value));
		ConfigurableApplicationContext edge = new SpringApplicationBuilder(ConnectionServiceApplication.class)
			.run(args.stream().map(arg -> "--" + arg).toArray(String[]::new));
		int port = ((WebServerApplicationContext) edge).getWebServer().getPort();
		// The JDK's WebSocket client reports the close code exactly as sent (Tomcat's
		// client turns 1012 into 1002).
		List<String> texts = new CopyOnWriteArrayList<>();
		CompletableFuture<Integer> closeCode = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.subprotocols("v12.stomp")
			.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					texts.add(data.toString());
					webSocket.request(1);
					return null;
				}

				@Override
				public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
					closeCode.complete(statusCode);
					return null;
				}

			})
			.get(20, TimeUnit.SECONDS);
		socket.sendText(RawStompSocket.connectFrame("Bearer " + ISSUER.mint("alice", Duration.ofMinutes(5))), true)
			.get(20, TimeUnit.SECONDS);
		socket.sendText("SUBSCRIBE\nid:s\ndestination:/user" + ConversationEvents.SESSION + "\nreceipt:r\n\n\0", true)
			.get(20, TimeUnit.SECONDS);
		await("subscribed").atMost(Duration.ofSeconds(30))
			.until(() -> texts.stream().anyMatch(text -> text.startsWith("RECEIPT")));

		edge.close();

		assertThat(closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(CloseStatus.SERVICE_RESTARTED.getCode());
		assertThat(texts)
			.anySatisfy(frame -> assertThat(frame).startsWith("MESSAGE").contains(SessionNotice.SERVER_DRAINING));
	}

}
