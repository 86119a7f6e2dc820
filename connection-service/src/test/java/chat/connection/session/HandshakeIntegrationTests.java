package chat.connection.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.RawHandshake;
import chat.connection.RawStompSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebSocket handshake: exact origins only, no extensions, a full node answers 503,
 * and a connection that never sends CONNECT is closed.
 */
class HandshakeIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void foreignOriginIsRefusedWith403() throws Exception {
		try (RawHandshake handshake = RawHandshake.open(this.port, Map.of("Origin", "https://evil.example"))) {
			assertThat(handshake.status()).isEqualTo(403);
		}
	}

	@Test
	void originThatOnlyStartsLikeAnAllowedOneIsRefused() throws Exception {
		try (RawHandshake handshake = RawHandshake.open(this.port,
				Map.of("Origin", "http://app.test.evil.example:5173"))) {
			assertThat(handshake.status()).isEqualTo(403);
		}
	}

	@Test
	void allowedOriginAndNoOriginAreUpgraded() throws Exception {
		try (RawHandshake browser = RawHandshake.open(this.port, Map.of("Origin", ALLOWED_ORIGIN));
				RawHandshake server = RawHandshake.open(this.port, Map.of())) {
			assertThat(browser.status()).isEqualTo(101);
			assertThat(server.status()).isEqualTo(101);
		}
	}

	@Test
	void permessageDeflateOfferIsNotNegotiated() throws Exception {
		try (RawHandshake handshake = RawHandshake.open(this.port,
				Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"))) {
			assertThat(handshake.status()).isEqualTo(101);
			assertThat(handshake.header("Sec-WebSocket-Extensions")).isNull();
		}
	}

	@Test
	void connectionWithoutConnectIsClosedAfterTheConnectTimeout() throws Exception {
		try (RawHandshake silent = RawHandshake.open(this.port, Map.of())) {
			assertThat(silent.status()).isEqualTo(101);

			assertThat(silent.readUntilClose().closeCode()).isEqualTo(1008);
		}
		assertThat(metric(scrape(), "chat_edge_limits_refused_total", "limit=\"connect-timeout\"")).isPositive();
	}

	@Test
	void fullNodeRefusesHandshakesWith503UntilAConnectionCloses() throws Exception {
		List<RawHandshake> open = new ArrayList<>();
		try {
			RawHandshake last = null;
			for (int i = 0; i <= MAX_SESSIONS; i++) {
				last = RawHandshake.open(this.port, Map.of());
				if (last.status() != 101) {
					break;
				}
				// A live session, so the connect timeout does not free its place.
				last.sendText(RawStompSocket.connectFrame("Bearer " + tokenFor(newUser("filler"))));
				open.add(last);
			}
			assertThat(last.status()).isEqualTo(503);
			assertThat(last.header("Retry-After")).isEqualTo("5");
			assertThat(open).hasSizeLessThanOrEqualTo(MAX_SESSIONS);
			assertThat(metric(scrape(), "chat_edge_limits_refused_total", "limit=\"sessions-per-node\"")).isPositive();
		}
		finally {
			for (RawHandshake handshake : open) {
				handshake.close();
			}
		}
		await("a handshake succeeds again").atMost(KAFKA_TIMEOUT).until(() -> {
			try (RawHandshake again = RawHandshake.open(this.port, Map.of())) {
				return again.status() == 101;
			}
		});
	}

}
