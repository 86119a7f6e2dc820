package chat.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Logs keep no secrets: after a scenario that touches every service with tokens — REST
 * calls, STOMP sessions on both edge nodes, messages with a distinctive text, typing,
 * delivered and read receipts, and a refused forged token — no log file of the stack
 * (every service, both edges, the issuer, Kafka and PostgreSQL, current and rotated)
 * contains a JWT ({@code eyJ}) or the text.
 */
@ExtendWith(SystemStack.class)
class LogHygieneSystemTest {

	final SystemStack stack = SystemStack.get();

	final MessagingSystemTest rest = new MessagingSystemTest();

	@Test
	void noServiceLogsATokenOrMessageText() throws Exception {
		String secret = "log-hygiene-" + UUID.randomUUID();
		String a = "lh-a-" + UUID.randomUUID().toString().substring(0, 8);
		String b = "lh-b-" + UUID.randomUUID().toString().substring(0, 8);
		String conversation = this.rest.createConversation(a, b);
		String topic = MessagingSystemTest.topic(conversation);
		try (StompTestClient alice = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token(a));
				StompTestClient bob = StompTestClient.connect(this.stack.secondEdgeUrl(), this.stack.token(b))) {
			alice.subscribe("/user/queue/acks").subscribe("/user/queue/errors").subscribe(topic);
			bob.subscribe(topic);

			alice.send("/app/conversations/" + conversation + "/typing", Map.of("typing", true));
			for (int i = 1; i <= 3; i++) {
				alice.send(MessagingSystemTest.send(conversation),
						Map.of("clientMessageId", UUID.randomUUID().toString(), "text", secret + " #" + i));
			}
			alice.send("/app/conversations/" + conversation + "/typing", Map.of("typing", false));
			await().atMost(MessagingSystemTest.WAIT).until(() -> MessagingSystemTest.messages(bob, topic).size() == 3);
			bob.send("/app/conversations/" + conversation + "/delivered", Map.of("upToSeq", 3));
			bob.send("/app/conversations/" + conversation + "/read", Map.of("upToSeq", 3));
			await().atMost(MessagingSystemTest.WAIT)
				.until(() -> alice.bodies(topic),
						events -> events.stream()
							.anyMatch(event -> "receipt.updated".equals(event.get("type").asString())
									&& b.equals(event.get("userId").asString())
									&& event.get("readUpToSeq").asLong() == 3));

			// Every REST service sees a token; the message service also returns the text.
			assertThat(
					get(this.stack.messageServiceUrl(), a, "/api/conversations/" + conversation + "/messages").body())
				.contains(secret);
			assertThat(get(this.stack.presenceServiceUrl(), a, "/api/presence?userIds=" + a).statusCode())
				.isEqualTo(200);
			assertThat(get(this.stack.receiptServiceUrl(), a, "/api/conversations/" + conversation + "/receipts")
				.statusCode()).isEqualTo(200);
		}
		refusedConnectWithAForgedToken();
		// A REST call with a forged token: refused, and not logged either.
		assertThat(SystemStack
			.http(HttpRequest
				.newBuilder(URI.create(this.stack.messageServiceUrl() + "/api/conversations/" + conversation))
				.header("Authorization", "Bearer " + forged(this.stack.token(a)))
				.build())
			.statusCode()).isEqualTo(401);

		List<Path> logs = logFiles();
		assertThat(logs.stream().map(path -> path.getFileName().toString())).contains("message.log", "presence.log",
				"receipt.log", "edge.log", "edge2.log", "issuer.log");
		List<String> leaks = new ArrayList<>();
		for (Path log : logs) {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).contains("eyJ") || lines.get(i).contains(secret)) {
					leaks.add(log.getFileName() + ":" + (i + 1) + ": " + lines.get(i));
				}
			}
		}
		assertThat(leaks).as("log lines with a JWT or the message text").isEmpty();
	}

	/** A STOMP CONNECT with a badly signed JWT: refused. */
	private void refusedConnectWithAForgedToken() {
		String token = forged(this.stack.token("lh-mallory"));
		assertThatThrownBy(() -> StompTestClient.connect(this.stack.edgeUrl(), token).close())
			.isInstanceOf(Exception.class);
	}

	/** {@code token} with its signature's last characters changed. */
	private static String forged(String token) {
		return token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
	}

	private HttpResponse<String> get(String baseUrl, String user, String path) {
		return SystemStack.http(HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Authorization", "Bearer " + this.stack.token(user))
			.build());
	}

	/** Every file in the stack's logs folder, rotated ones included. */
	private List<Path> logFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.stack.logsDir())) {
			return files.filter(Files::isRegularFile).sorted().toList();
		}
	}

}
