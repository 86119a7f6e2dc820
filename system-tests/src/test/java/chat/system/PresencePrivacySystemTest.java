package chat.system;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence privacy on the running system (ADR 10): creating a conversation with a
 * stranger reveals nothing about them. Mallory creates one with Bob and says hello; she
 * cannot read Bob's presence, Bob can read hers; once Bob has replied, she can.
 */
@ExtendWith(SystemStack.class)
class PresencePrivacySystemTest {

	final SystemStack stack = SystemStack.get();

	final MessagingSystemTest rest = new MessagingSystemTest();

	@Test
	void aStrangersPresenceStaysHiddenFromTheCreatorUntilTheyReply() throws Exception {
		String mallory = "pp-mallory-" + UUID.randomUUID().toString().substring(0, 8);
		String bob = "pp-bob-" + UUID.randomUUID().toString().substring(0, 8);
		String conversation = this.rest.createConversation(mallory, bob);
		try (StompTestClient bobsPhone = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token(bob));
				StompTestClient malloryClient = StompTestClient.connect(this.stack.secondEdgeUrl(),
						this.stack.token(mallory))) {
			malloryClient.subscribe("/user/queue/acks");
			malloryClient.send(MessagingSystemTest.send(conversation),
					Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "hi, who are you?"));
			await().atMost(MessagingSystemTest.WAIT).until(() -> malloryClient.bodies("/user/queue/acks").size() == 1);

			// Bob sees the one who reached out (once the membership reached the presence
			// service)...
			await().atMost(MessagingSystemTest.WAIT).until(() -> presence(bob, mallory).statusCode() == 200);
			// ...Mallory learns nothing about Bob, online though he is.
			HttpResponse<String> refused = presence(mallory, bob);
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).contains("NOT_MEMBER").doesNotContain("online");

			bobsPhone.subscribe("/user/queue/acks");
			bobsPhone.send(MessagingSystemTest.send(conversation),
					Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "hello"));

			HttpResponse<String> visible = await().atMost(MessagingSystemTest.WAIT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> presence(mallory, bob), response -> response.statusCode() == 200);
			assertThat(visible.body()).contains(bob).contains("\"online\":true");
		}
	}

	private HttpResponse<String> presence(String caller, String userIds) {
		return SystemStack.http(
				HttpRequest.newBuilder(URI.create(this.stack.presenceServiceUrl() + "/api/presence?userIds=" + userIds))
					.header("Authorization", "Bearer " + this.stack.token(caller))
					.build());
	}

}
