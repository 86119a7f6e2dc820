package chat.connection.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.RawStompSocket;
import chat.contracts.ChatJson;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session lives only as long as its token: at {@code exp} the edge ends it with ERROR
 * TOKEN_EXPIRED.
 */
class TokenExpiryIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void sessionIsClosedWithTokenExpiredWhenItsTokenExpires() {
		Instant expiresAt = Instant.now().plus(Duration.ofSeconds(3));
		// exp is whole seconds on the wire
		Instant exp = expiresAt.truncatedTo(ChronoUnit.SECONDS);
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));

		socket.send(RawStompSocket
			.connectFrame("Bearer " + ISSUER.token().subject(newUser("alice")).expiresAt(expiresAt).sign()));

		await("CONNECTED").atMost(Duration.ofSeconds(5)).until(() -> !socket.frames().isEmpty());
		assertThat(socket.frames().get(0).command()).isEqualTo("CONNECTED");
		assertThat(socket.isClosed()).isFalse();

		await("closed at exp").atMost(Duration.ofSeconds(10)).until(socket::isClosed);
		assertThat(socket.closed().at()).isAfterOrEqualTo(exp.minusMillis(100))
			.isBefore(exp.plus(Duration.ofSeconds(2)));
		assertThat(socket.frames()).hasSize(2);
		RawStompSocket.Frame error = socket.frames().get(1);
		assertThat(error.command()).isEqualTo("ERROR");
		assertThat(error.headers()).containsEntry("message", ErrorCode.TOKEN_EXPIRED.name());
		assertThat(ChatJson.mapper().readValue(error.body(), ClientError.class).code())
			.isEqualTo(ErrorCode.TOKEN_EXPIRED);
	}

}
