package chat.connection.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.RawStompSocket;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.ConversationEvents;
import chat.contracts.client.SessionNotice;
import chat.contracts.client.TokenRefreshFrame;
import chat.testsupport.Api;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session is warned before its token expires, can refresh it in band and then outlives
 * the first token; an administrator can revoke a user's sessions and older tokens.
 */
class TokenLifeIntegrationTests extends EdgeIntegrationSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final String SESSION_QUEUE = "/user" + ConversationEvents.SESSION;

	@Test
	void sessionIsWarnedBeforeExpiryAndLivesOnAfterAnInBandRefresh() {
		String alice = newUser("alice");
		Instant firstExpiry = Instant.now().plus(TOKEN_EXPIRY_WARNING).plusSeconds(3);
		StompTestClient client = closeAfterTest(
				StompTestClient.connect(wsUrl(), ISSUER.token().subject(alice).expiresAt(firstExpiry).sign()));
		client.subscribeAcksAndErrors();
		client.subscribeAndAwait(SESSION_QUEUE);

		await("token.expiring").atMost(TIMEOUT).until(() -> !client.frames(SESSION_QUEUE).isEmpty());
		SessionNotice warning = client.frames(SESSION_QUEUE).get(0).as(SessionNotice.class);
		assertThat(warning.type()).isEqualTo(SessionNotice.TOKEN_EXPIRING);
		assertThat(warning.expiresAt()).isEqualTo(firstExpiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

		Instant secondExpiry = Instant.now().plus(Duration.ofHours(1));
		client.send(ConversationEvents.TOKEN_REFRESH,
				new TokenRefreshFrame(ISSUER.token().subject(alice).expiresAt(secondExpiry).sign()));

		await("token.refreshed").atMost(TIMEOUT).until(() -> client.frames(SESSION_QUEUE).size() == 2);
		SessionNotice refreshed = client.frames(SESSION_QUEUE).get(1).as(SessionNotice.class);
		assertThat(refreshed.type()).isEqualTo(SessionNotice.TOKEN_REFRESHED);
		assertThat(refreshed.expiresAt()).isEqualTo(secondExpiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		await("past the first token's expiry").atMost(TIMEOUT)
			.during(Duration.between(Instant.now(), firstExpiry.plusSeconds(2)))
			.until(client::isConnected);
		assertThat(client.errors()).isEmpty();
	}

	@Test
	void aWarningAlreadyDueAtConnectReachesTheClientOnceItListens() {
		String alice = newUser("alice");
		// inside the warning window from the start: the warning is due at CONNECT
		Instant expiry = Instant.now().plus(TOKEN_EXPIRY_WARNING).minusSeconds(1);
		StompTestClient client = closeAfterTest(
				StompTestClient.connect(wsUrl(), ISSUER.token().subject(alice).expiresAt(expiry).sign()));

		client.subscribeAndAwait(SESSION_QUEUE);

		await("token.expiring").atMost(TIMEOUT).until(() -> !client.frames(SESSION_QUEUE).isEmpty());
		SessionNotice warning = client.frames(SESSION_QUEUE).get(0).as(SessionNotice.class);
		assertThat(warning.type()).isEqualTo(SessionNotice.TOKEN_EXPIRING);
		assertThat(warning.expiresAt()).isEqualTo(expiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
	}

	@Test
	void refreshWithAnInvalidTokenIsRefusedAndTheSessionKeepsItsToken() {
		StompTestClient client = connectWithQueues(newUser("alice"));

		client.send(ConversationEvents.TOKEN_REFRESH, new TokenRefreshFrame(ISSUER.token().signWithForeignKey()));

		await("error").atMost(TIMEOUT).until(() -> !client.errors().isEmpty());
		assertThat(client.errors()).singleElement()
			.satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void refreshWithAnotherUsersTokenClosesTheSession() {
		String alice = newUser("alice");
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));
		socket.send(RawStompSocket.connectFrame("Bearer " + tokenFor(alice)));

		socket.send("SEND\ndestination:" + ConversationEvents.TOKEN_REFRESH + "\ncontent-type:application/json\n\n"
				+ "{\"token\":\"" + tokenFor(newUser("mallory")) + "\"}\0");

		await("close").atMost(TIMEOUT).until(socket::isClosed);
		assertThat(socket.frames()).anySatisfy(frame -> {
			assertThat(frame.command()).isEqualTo("ERROR");
			assertThat(frame.headers()).containsEntry("message", ErrorCode.UNAUTHORIZED.name());
		});
	}

	@Test
	void revocationClosesTheUsersSessionsAndRefusesOlderTokensOnly() {
		String mallory = newUser("mallory");
		String oldToken = tokenFor(mallory);
		RawStompSocket first = closeAfterTest(connected(oldToken));
		RawStompSocket second = closeAfterTest(connected(tokenFor(mallory)));
		StompTestClient bystander = connectWithQueues(newUser("bob"));
		String admin = ISSUER.token().subject(newUser("admin")).scope("chat.admin").sign();

		Api.Response response = new Api(this.port).post("/api/admin/revocations", admin, Map.of("userId", mallory));

		assertThat(response.status()).isEqualTo(202);
		await("both sessions closed").atMost(TIMEOUT).until(() -> first.isClosed() && second.isClosed());
		assertThat(first.frames()).anySatisfy(frame -> assertThat(frame.headers()).containsEntry("message", "REVOKED"));
		assertThat(bystander.isConnected()).isTrue();
		RawStompSocket withOldToken = closeAfterTest(RawStompSocket.open(wsUrl()));
		withOldToken.send(RawStompSocket.connectFrame("Bearer " + oldToken));
		await("old token refused").atMost(TIMEOUT).until(withOldToken::isClosed);
		assertThat(withOldToken.frames())
			.anySatisfy(frame -> assertThat(frame.headers()).containsEntry("message", "UNAUTHORIZED"));
		// iat has whole seconds: a token issued after the revocation's second is valid.
		await("a token issued after the revocation works").atMost(TIMEOUT).until(() -> {
			try (RawStompSocket fresh = RawStompSocket.open(wsUrl())) {
				fresh.send(RawStompSocket.connectFrame("Bearer " + tokenFor(mallory)));
				return await().atMost(TIMEOUT)
					.until(() -> fresh.frames().stream().map(RawStompSocket.Frame::command).findFirst().orElse(""),
							command -> !command.isEmpty())
					.equals("CONNECTED");
			}
		});
	}

	@Test
	void revocationNeedsTheAdminScope() {
		Api.Response response = new Api(this.port).post("/api/admin/revocations", tokenFor(newUser("alice")),
				Map.of("userId", "bob"));

		assertThat(response.status()).isEqualTo(403);
	}

	private RawStompSocket connected(String token) {
		RawStompSocket socket = RawStompSocket.open(wsUrl());
		socket.send(RawStompSocket.connectFrame("Bearer " + token));
		await("CONNECTED").atMost(TIMEOUT)
			.until(() -> socket.frames().stream().anyMatch(frame -> frame.command().equals("CONNECTED")));
		return socket;
	}

}
