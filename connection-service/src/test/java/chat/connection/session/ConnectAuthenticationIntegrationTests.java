package chat.connection.session;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.RawStompSocket;
import chat.connection.StompTestClient;
import chat.contracts.ChatJson;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * CONNECT must carry a valid {@code Authorization: Bearer} JWT from the configured issuer
 * and audience; anything else gets an ERROR frame and the socket is closed at once.
 */
class ConnectAuthenticationIntegrationTests extends EdgeIntegrationSupport {

	static Stream<Arguments> refusedAuthorizations() {
		return Stream.of(Arguments.argumentSet("missing Authorization header", (Supplier<String>) () -> null),
				Arguments.argumentSet("not a bearer token", (Supplier<String>) () -> "Basic YWxpY2U6c2VjcmV0"),
				Arguments.argumentSet("malformed token", (Supplier<String>) () -> "Bearer not-a-jwt"),
				Arguments.argumentSet("badly signed token",
						(Supplier<String>) () -> "Bearer " + ISSUER.token().signWithForeignKey()),
				Arguments.argumentSet("expired 5 minutes ago",
						(Supplier<String>) () -> "Bearer "
								+ ISSUER.token().expiresAt(Instant.now().minus(Duration.ofMinutes(5))).sign()),
				Arguments.argumentSet("expired 45 s ago, beyond the 30 s clock skew",
						(Supplier<String>) () -> "Bearer "
								+ ISSUER.token().expiresAt(Instant.now().minus(Duration.ofSeconds(45))).sign()),
				Arguments.argumentSet("wrong issuer",
						(Supplier<String>) () -> "Bearer " + ISSUER.token().issuer("http://other-issuer.test").sign()),
				Arguments.argumentSet("wrong audience",
						(Supplier<String>) () -> "Bearer " + ISSUER.token().audience("not-chat").sign()),
				Arguments.argumentSet("no exp claim",
						(Supplier<String>) () -> "Bearer " + ISSUER.token().withoutExpiry().sign()),
				Arguments.argumentSet("no sub claim",
						(Supplier<String>) () -> "Bearer " + ISSUER.token().subject(null).sign()));
	}

	@ParameterizedTest
	@MethodSource("refusedAuthorizations")
	void refusedConnectGetsErrorFrameAndSocketClosedWithinOneSecond(Supplier<String> authorization) {
		String header = authorization.get();
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));

		long sentAt = socket.send(RawStompSocket.connectFrame(header));

		await("socket closed").atMost(Duration.ofSeconds(5)).until(socket::isClosed);
		Duration closedAfter = Duration.ofNanos(socket.closed().atNanos() - sentAt);
		assertThat(closedAfter).isLessThan(Duration.ofSeconds(1));
		assertThat(socket.closed().status().getCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR.getCode());
		assertThat(socket.frames()).singleElement().satisfies(frame -> {
			assertThat(frame.command()).isEqualTo("ERROR");
			assertThat(frame.headers()).containsEntry("message", ErrorCode.UNAUTHORIZED.name());
			assertThat(ChatJson.mapper().readValue(frame.body(), ClientError.class).code())
				.isEqualTo(ErrorCode.UNAUTHORIZED);
		});
	}

	@Test
	void validTokenConnectsAndTheSessionStaysOpen() {
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));

		socket.send(RawStompSocket.connectFrame("Bearer " + tokenFor(newUser("alice"))));

		await("CONNECTED").atMost(Duration.ofSeconds(5)).until(() -> !socket.frames().isEmpty());
		assertThat(socket.frames()).singleElement().satisfies(frame -> {
			assertThat(frame.command()).isEqualTo("CONNECTED");
			assertThat(frame.headers()).containsEntry("version", "1.2");
		});
		assertThat(socket.isClosed()).isFalse();
	}

	@Test
	void stompClientConnectsWithBearerTokenInConnectHeaders() {
		StompTestClient client = connect(newUser("alice"));

		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void stompClientConnectIsRefusedWithBadToken() {
		assertThatThrownBy(() -> closeAfterTest(StompTestClient.connect(wsUrl(), "not-a-jwt")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("CONNECT failed");
	}

}
