package chat.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Revocation reaches every edge node through Kafka: an administrator's call on one node
 * closes the user's sessions on both within 2 s.
 */
@ExtendWith(SystemStack.class)
class RevocationSystemTest {

	private final SystemStack stack = SystemStack.get();

	@Test
	void revocationOnOneEdgeClosesTheUsersSessionsOnBothEdgesWithinTwoSeconds() throws Exception {
		String user = "revoked-" + System.nanoTime();
		try (StompTestClient onFirst = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token(user));
				StompTestClient onSecond = StompTestClient.connect(this.stack.secondEdgeUrl(), this.stack.token(user));
				StompTestClient bystander = StompTestClient.connect(this.stack.secondEdgeUrl(),
						this.stack.token("bystander-" + System.nanoTime()))) {
			String admin = SystemStack
				.http(HttpRequest
					.newBuilder(URI
						.create("http://127.0.0.1:" + SystemStack.ISSUER_PORT + "/token?sub=ops&scope=chat.admin"))
					.build())
				.body()
				.trim();

			HttpResponse<String> response = SystemStack.http(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + SystemStack.EDGE_PORT + "/api/admin/revocations"))
				.header("Authorization", "Bearer " + admin)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\"}"))
				.build());

			assertThat(response.statusCode()).isEqualTo(202);
			await("both sessions closed").atMost(Duration.ofSeconds(2))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> !onFirst.isConnected() && !onSecond.isConnected());
			assertThat(bystander.isConnected()).isTrue();
		}
	}

}
