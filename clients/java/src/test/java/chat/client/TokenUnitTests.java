package chat.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import chat.client.ConnectionState.Status;
import chat.client.TokenSupplier.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where tokens come from and what happens when the server refuses one. */
class TokenUnitTests {

	@Test
	void theSupplierIsAskedBeforeEveryConnectAndEachConnectCarriesItsAnswer() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			for (int i = 0; i < 3; i++) {
				h.server.dropAll();
				h.run();
				h.advance(60_000);
			}
			assertThat(h.tokenReasons).containsExactly(Reason.CONNECT, Reason.CONNECT, Reason.CONNECT, Reason.CONNECT);
			assertThat(h.server.connectTokens).hasSize(4).doesNotHaveDuplicates();
		}
	}

	@Test
	void tokenExpiredGetsExactlyOneForcedRefreshAndAnImmediateRetryThenBackoff() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			String first = h.server.connectTokens.get(0);

			h.server.errorAndClose(h.connection(), "TOKEN_EXPIRED");
			h.run();

			assertThat(h.tokenReasons).containsExactly(Reason.CONNECT, Reason.EXPIRED);
			assertThat(h.state().status()).as("retried at once").isEqualTo(Status.CONNECTED);
			assertThat(h.server.connectTokens).hasSize(2).doesNotHaveDuplicates();

			h.server.errorAndClose(h.connection(), "TOKEN_EXPIRED");
			h.run();
			assertThat(h.state()).as("a second one in a row waits")
				.isInstanceOfSatisfying(ConnectionState.Reconnecting.class,
						r -> assertThat(r.cause().code()).isEqualTo("TOKEN_EXPIRED"));
			h.advance(900);
			assertThat(h.tokenReasons).containsExactly(Reason.CONNECT, Reason.EXPIRED, Reason.EXPIRED);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
			assertThat(h.server.connectTokens).doesNotHaveDuplicates().doesNotContainSequence(first, first);
		}
	}

	@Test
	void aSupplierThatReturnsTheRefusedTokenAgainEndsInErrorWithoutSendingIt() {
		try (Harness h = new Harness("alice")) {
			String only = h.mint();
			h.supplier = reason -> CompletableFuture.completedFuture(only);
			h.connected();
			h.server.errorAndClose(h.connection(), "TOKEN_EXPIRED");
			h.run();

			assertThat(h.state()).isInstanceOfSatisfying(ConnectionState.Error.class,
					e -> assertThat(e.error().code()).isEqualTo(ChatError.TOKEN_REJECTED));
			assertThat(h.server.connectTokens).containsExactly(only);
			h.advance(600_000);
			assertThat(h.server.everConnected).hasSize(1);
		}
	}

	@Test
	void aFailingSupplierEndsInErrorNotInALoopAndConnectStartsOver() {
		try (Harness h = new Harness("alice")) {
			h.supplier = reason -> CompletableFuture.failedFuture(new IllegalStateException("IdP down"));
			h.connected();
			assertThat(h.state()).isInstanceOfSatisfying(ConnectionState.Error.class,
					e -> assertThat(e.error().code()).isEqualTo(ChatError.TOKEN_SUPPLIER_FAILED));
			h.advance(600_000);
			assertThat(h.tokenReasons).hasSize(1);
			assertThat(h.time.pendingTimers()).isZero();

			h.supplier = reason -> CompletableFuture.completedFuture(h.mint());
			h.client.connect();
			h.run();
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
		}
	}

	@Test
	void aSupplierThatThrowsEndsInError() {
		try (Harness h = new Harness("alice")) {
			h.supplier = reason -> {
				throw new IllegalStateException("boom");
			};
			h.connected();
			assertThat(h.state().status()).isEqualTo(Status.ERROR);
		}
	}

	@Test
	void unauthorizedIsTerminalUntilTheApplicationActs() {
		try (Harness h = new Harness("alice")) {
			String bad = h.mint();
			h.server.refusedTokens.put(bad, "UNAUTHORIZED");
			h.supplier = reason -> CompletableFuture.completedFuture(bad);
			h.connected();
			assertThat(h.state()).isInstanceOfSatisfying(ConnectionState.Error.class,
					e -> assertThat(e.error().code()).isEqualTo("UNAUTHORIZED"));
			h.advance(600_000);
			assertThat(h.server.connectTokens).containsExactly(bad);
		}
	}

	@Test
	void revokedIsTerminal() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			h.server.errorAndClose(h.connection(), "REVOKED");
			h.run();
			assertThat(h.state()).isInstanceOfSatisfying(ConnectionState.Error.class,
					e -> assertThat(e.error().code()).isEqualTo("REVOKED"));
			h.advance(600_000);
			assertThat(h.server.everConnected).hasSize(1);
		}
	}

	@Test
	void aCachedTokenPastItsExpiryIsNeverSentTheSupplierIsAskedForAFreshOne() {
		try (Harness h = new Harness("alice")) {
			String stale = Harness.jwt("alice", Harness.WALL.getEpochSecond() - 60, 99);
			h.supplier = reason -> CompletableFuture.completedFuture((reason == Reason.CONNECT) ? stale : h.mint());
			h.connected();
			assertThat(h.tokenReasons).containsExactly(Reason.CONNECT, Reason.EXPIRED);
			assertThat(h.server.connectTokens).doesNotContain(stale).hasSize(1);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
		}
	}

	@Test
	void tokenExpiringIsRefreshedInBandWithoutReconnecting() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			h.connection()
				.deliver(Engine.SESSION,
						Json.object().put("type", "token.expiring").put("expiresAt", "2026-12-01T11:00:00Z"));
			h.run();

			assertThat(h.tokenReasons).containsExactly(Reason.CONNECT, Reason.EXPIRING);
			List<StompFrame> refresh = h.connection().sent("SEND", Engine.TOKEN_DESTINATION);
			assertThat(refresh).hasSize(1);
			assertThat(Json.text(Json.parse(refresh.get(0).body()), "token"))
				.isEqualTo(Harness.jwt("alice", Harness.WALL.getEpochSecond() + 3600, 2));
			assertThat(h.server.everConnected).hasSize(1);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
			assertThat(h.client.sessionExpiresAt()).isEqualTo(java.time.Instant.parse("2026-12-01T12:00:00Z"));
		}
	}

	@Test
	void aLostWarningIsCoveredTheTokenIsRefreshedInBandAMinuteBeforeItsExpiryAnyway() {
		try (Harness h = new Harness("alice")) {
			h.supplier = reason -> CompletableFuture.completedFuture((reason == Reason.CONNECT)
					? Harness.jwt("alice", Harness.WALL.getEpochSecond() + 70, 1) : h.mint());
			h.connected();
			h.advance(9_999);
			assertThat(h.connection().sent("SEND", Engine.TOKEN_DESTINATION)).isEmpty();
			h.advance(1);
			assertThat(h.connection().sent("SEND", Engine.TOKEN_DESTINATION)).hasSize(1);
			assertThat(h.tokenReasons).containsExactly(Reason.CONNECT, Reason.EXPIRING);
			// the server's late warning finds the session already refreshed
			h.connection().deliver(Engine.SESSION, Json.object().put("type", "token.expiring"));
			h.run();
			assertThat(h.client.sessionExpiresAt()).isEqualTo(java.time.Instant.parse("2026-12-01T12:00:00Z"));
		}
	}

	@Test
	void concurrentTokenNeedsShareOneSupplierCall() {
		try (Harness h = new Harness("alice")) {
			CompletableFuture<String> slow = new CompletableFuture<>();
			h.supplier = reason -> slow;
			h.client.connect();
			h.run();
			// A REST call while the CONNECT token is pending needs a token too.
			CompletableFuture<ConversationInfo> created = h.client.createConversation(null, List.of("bob"));
			h.run();
			assertThat(h.tokenReasons).hasSize(1);
			slow.complete(h.mint());
			h.run();
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
			assertThat(created).isCompleted();
		}
	}

}
