package chat.connection.session;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.RawStompSocket;
import chat.contracts.ChatJson;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JWT edge cases over a real socket, as an attacker would try them (RFC 8725): a token
 * the edge must refuse on CONNECT gets an ERROR frame with {@code UNAUTHORIZED} and the
 * socket is closed within a second; a session never acts on a frame that arrives after
 * its token's {@code exp}.
 *
 * <p>
 * The attacker knows everything public: the issuer, the audience and the JWKS (fetched
 * here over HTTP like anyone could), and can run a JWKS endpoint of its own.
 */
class JwtEdgeCasesIntegrationTests extends EdgeIntegrationSupport {

	/** A key pair that belongs to the attacker, served from the attacker's own JWKS. */
	private static final RSAKey ATTACKER_KEY = generateKey();

	private static final HttpServer ATTACKER_JWKS = serveJwks(ATTACKER_KEY);

	@AfterAll
	static void stopAttackerJwks() {
		ATTACKER_JWKS.stop(0);
	}

	static Stream<Arguments> forgedOrInvalidTokens() {
		return Stream.of(
				Arguments.argumentSet("alg:none, unsigned, otherwise valid claims",
						(Supplier<String>) () -> new PlainJWT(validClaims().build()).serialize()),
				Arguments.argumentSet("alg:none with the issuer's real kid and an empty signature",
						(Supplier<String>) () -> unsignedWithHeader(
								"{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + publishedKey().getKeyID() + "\"}")),
				Arguments.argumentSet("HS256 with the RSA public key (X.509 DER) as the HMAC secret",
						(Supplier<String>) () -> hs256(publicKeyDer())),
				Arguments.argumentSet("HS256 with the RSA public key (PEM text) as the HMAC secret",
						(Supplier<String>) () -> hs256(publicKeyPem().getBytes(StandardCharsets.US_ASCII))),
				Arguments.argumentSet("HS256 with the published JWK (JSON text) as the HMAC secret",
						(Supplier<String>) () -> hs256(
								publishedKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))),
				Arguments.argumentSet("signed by the attacker, its public key embedded in the jwk header",
						(Supplier<String>) () -> signedByAttacker(
								new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ATTACKER_KEY.getKeyID())
									.jwk(ATTACKER_KEY.toPublicJWK()))),
				Arguments.argumentSet("signed by the attacker, jku header pointing at the attacker's JWKS",
						(Supplier<String>) () -> signedByAttacker(
								new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ATTACKER_KEY.getKeyID())
									.jwkURL(attackerJwksUri()))),
				Arguments.argumentSet("signed by the attacker under the issuer's kid",
						(Supplier<String>) () -> signedByAttacker(
								new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(publishedKey().getKeyID()))),
				Arguments.argumentSet("nbf two minutes in the future",
						(Supplier<String>) () -> ISSUER.token()
							.subject(newUser("alice"))
							.notBefore(Instant.now().plus(Duration.ofMinutes(2)))
							.sign()),
				Arguments.argumentSet("no exp claim",
						(Supplier<String>) () -> ISSUER.token().subject(newUser("alice")).withoutExpiry().sign()),
				Arguments.argumentSet("wrong iss",
						(Supplier<String>) () -> ISSUER.token()
							.subject(newUser("alice"))
							.issuer("http://evil-issuer.test")
							.sign()),
				Arguments.argumentSet("iss differing only by a trailing slash",
						(Supplier<String>) () -> ISSUER.token()
							.subject(newUser("alice"))
							.issuer(ISSUER.issuer() + "/")
							.sign()),
				Arguments.argumentSet("wrong aud",
						(Supplier<String>) () -> ISSUER.token().subject(newUser("alice")).audience("not-chat").sign()),
				Arguments.argumentSet("expired an hour ago",
						(Supplier<String>) () -> ISSUER.token()
							.subject(newUser("alice"))
							.expiresAt(Instant.now().minus(Duration.ofHours(1)))
							.sign()),
				Arguments.argumentSet("expired 45 s ago, beyond the 30 s clock skew",
						(Supplier<String>) () -> ISSUER.token()
							.subject(newUser("alice"))
							.expiresAt(Instant.now().minus(Duration.ofSeconds(45)))
							.sign()));
	}

	@ParameterizedTest
	@MethodSource("forgedOrInvalidTokens")
	void refusedOnConnectWithUnauthorizedAndClosedWithinOneSecond(Supplier<String> token) {
		String jwt = token.get();
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));

		long sentAt = socket.send(RawStompSocket.connectFrame("Bearer " + jwt));

		await("socket closed").atMost(Duration.ofSeconds(5)).until(socket::isClosed);
		assertThat(Duration.ofNanos(socket.closed().atNanos() - sentAt)).isLessThan(Duration.ofSeconds(1));
		assertThat(socket.closed().status().getCode()).isEqualTo(CloseStatus.PROTOCOL_ERROR.getCode());
		assertThat(socket.frames()).singleElement().satisfies(frame -> {
			assertThat(frame.command()).isEqualTo("ERROR");
			assertThat(frame.headers()).containsEntry("message", ErrorCode.UNAUTHORIZED.name());
			assertThat(ChatJson.mapper().readValue(frame.body(), ClientError.class).code())
				.isEqualTo(ErrorCode.UNAUTHORIZED);
		});
	}

	/**
	 * The control case for the refusals above: the same kind of token, valid, connects —
	 * so a refusal is the edge's judgement of the one thing that differs.
	 */
	@Test
	void validTokenFromTheIssuerConnects() {
		assertConnects(ISSUER.token().subject(newUser("alice")).sign());
	}

	/** {@code nbf} is checked with the same 30 s clock skew as {@code exp}. */
	@Test
	void nbfWithinTheClockSkewConnects() {
		assertConnects(
				ISSUER.token().subject(newUser("alice")).notBefore(Instant.now().plus(Duration.ofSeconds(5))).sign());
	}

	@Test
	void framesArrivingAfterExpAreNeverActedOn() {
		String alice = newUser("alice");
		UUID conversation = conversationOf(alice, newUser("bob"));
		Instant exp = Instant.now().plus(Duration.ofSeconds(3)).truncatedTo(ChronoUnit.SECONDS);
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));
		socket.send(RawStompSocket.connectFrame("Bearer " + ISSUER.token().subject(alice).expiresAt(exp).sign()));
		await("CONNECTED").atMost(Duration.ofSeconds(5)).until(() -> !socket.frames().isEmpty());
		assertThat(socket.frames().get(0).command()).isEqualTo("CONNECTED");

		// Send a message every 150 ms (under any per-user rate limit) until the edge ends
		// the session; remember when each one left.
		Map<UUID, Instant> sentAt = new ConcurrentHashMap<>();
		for (int i = 0; i < 60 && !socket.isClosed(); i++) {
			UUID clientMessageId = UUID.randomUUID();
			Instant before = Instant.now();
			try {
				socket.send(sendFrame(conversation, clientMessageId));
			}
			catch (RuntimeException closedMeanwhile) {
				break;
			}
			sentAt.put(clientMessageId, before);
			long until = System.nanoTime() + Duration.ofMillis(150).toNanos();
			await().pollInterval(Duration.ofMillis(10)).until(() -> socket.isClosed() || System.nanoTime() >= until);
		}
		await("closed at exp").atMost(Duration.ofSeconds(10)).until(socket::isClosed);
		List<UUID> afterExp = sentAt.entrySet()
			.stream()
			.filter(sent -> !sent.getValue().isBefore(exp))
			.map(Map.Entry::getKey)
			.toList();
		List<UUID> wellBeforeExp = sentAt.entrySet()
			.stream()
			.filter(sent -> sent.getValue().isBefore(exp.minusMillis(500)))
			.map(Map.Entry::getKey)
			.toList();

		// A marker from a fresh session, sent after the expired one was closed: once it
		// is
		// on the topic, anything the expired session got through is there too.
		UUID marker = UUID.randomUUID();
		RawStompSocket second = closeAfterTest(RawStompSocket.open(wsUrl()));
		second.send(RawStompSocket.connectFrame("Bearer " + tokenFor(alice)));
		await("CONNECTED").atMost(Duration.ofSeconds(5)).until(() -> !second.frames().isEmpty());
		second.send(sendFrame(conversation, marker));
		List<UUID> published = commandsOf(conversation,
				records -> records.stream().anyMatch(record -> command(record).clientMessageId().equals(marker)))
			.stream()
			.map(record -> command(record).clientMessageId())
			.toList();

		assertThat(wellBeforeExp).as("messages sent while the token was valid").isNotEmpty();
		assertThat(published).containsAll(wellBeforeExp);
		assertThat(socket.closed().at()).isBefore(exp.plus(Duration.ofSeconds(2)));
		assertThat(published).as("commands from the %s frames sent at or after exp %s", afterExp.size(), exp)
			.noneMatch(afterExp::contains);
	}

	private void assertConnects(String jwt) {
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));
		socket.send(RawStompSocket.connectFrame("Bearer " + jwt));
		await("CONNECTED").atMost(Duration.ofSeconds(5)).until(() -> !socket.frames().isEmpty());
		assertThat(socket.frames().get(0).command()).isEqualTo("CONNECTED");
		assertThat(socket.isClosed()).isFalse();
	}

	private static String sendFrame(UUID conversation, UUID clientMessageId) {
		return "SEND\ndestination:/app/conversations/" + conversation + "/messages\ncontent-type:application/json\n\n"
				+ "{\"clientMessageId\":\"" + clientMessageId + "\",\"text\":\"hello\"}\0";
	}

	// ---- tokens an attacker can build

	/** Claims the edge would accept from the issuer: right iss, aud, exp and a sub. */
	private static JWTClaimsSet.Builder validClaims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(newUser("mallory"))
			.issuer(ISSUER.issuer())
			.audience(ISSUER.audience())
			.issueTime(Date.from(now.minusSeconds(1)))
			.expirationTime(Date.from(now.plus(Duration.ofHours(1))))
			.jwtID(UUID.randomUUID().toString());
	}

	private static String unsignedWithHeader(String headerJson) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(validClaims().build().toString().getBytes(StandardCharsets.UTF_8)) + ".";
	}

	private static String hs256(byte[] secret) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publishedKey().getKeyID()).build(),
					validClaims().build());
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String signedByAttacker(JWSHeader.Builder header) {
		try {
			SignedJWT jwt = new SignedJWT(header.build(), validClaims().build());
			jwt.sign(new RSASSASigner(ATTACKER_KEY));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer's public key, as anyone reads it from the JWKS URI. */
	private static RSAKey publishedKey() {
		try {
			return (RSAKey) JWKSet.load(ISSUER.jwksUri().toURL()).getKeys().get(0);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the issuer's JWKS", ex);
		}
	}

	private static byte[] publicKeyDer() {
		try {
			return publishedKey().toRSAPublicKey().getEncoded();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String publicKeyPem() {
		return "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKeyDer())
				+ "\n-----END PUBLIC KEY-----\n";
	}

	private static URI attackerJwksUri() {
		return URI.create("http://127.0.0.1:" + ATTACKER_JWKS.getAddress().getPort() + "/jwks.json");
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("attacker-" + UUID.randomUUID())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serveJwks(RSAKey key) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks.json", exchange -> {
				exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(jwks);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
