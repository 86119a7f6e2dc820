package chat.devinfra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The dev token issuer: a JWKS endpoint and token minting for demo users, so that the
 * services run with the same resource-server configuration (JWKS URI, issuer, audience)
 * that points at Keycloak, Auth0 or Okta in production. For local runs and tests only; no
 * production configuration names it.
 *
 * <ul>
 * <li>{@code GET /.well-known/jwks.json} — the public key set</li>
 * <li>{@code GET /token?sub=alice[&ttl=PT1H]} — a signed RS256 token for {@code sub}, as
 * text</li>
 * </ul>
 */
public final class DevIssuer implements AutoCloseable {

	public static final String JWKS_PATH = "/.well-known/jwks.json";

	private final RSAKey key;

	private final String issuer;

	private final String audience;

	private HttpServer server;

	private DevIssuer(RSAKey key, String issuer, String audience) {
		this.key = key;
		this.issuer = issuer;
		this.audience = audience;
	}

	/**
	 * An issuer with a fresh key, not yet serving; its tokens name {@code issuer} and
	 * {@code audience}.
	 */
	public static DevIssuer create(String issuer, String audience) {
		return new DevIssuer(generateKey(), issuer, audience);
	}

	/**
	 * An issuer with a fresh key, serving on a free loopback port (for tests); its tokens
	 * name {@code issuer} and {@code audience}.
	 */
	public static DevIssuer serving(String issuer, String audience) {
		try {
			return create(issuer, audience).serve("127.0.0.1", 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An issuer whose key lives in {@code keyFile} (created on first use), so that tokens
	 * stay valid across restarts of a local run.
	 */
	public static DevIssuer withKeyFile(Path keyFile, String issuer, String audience) throws IOException {
		if (Files.exists(keyFile)) {
			try {
				return new DevIssuer(RSAKey.parse(Files.readString(keyFile)), issuer, audience);
			}
			catch (ParseException ex) {
				throw new IOException("Unreadable key file " + keyFile, ex);
			}
		}
		RSAKey key = generateKey();
		Files.createDirectories(keyFile.toAbsolutePath().getParent());
		Files.writeString(keyFile, key.toJSONString());
		return new DevIssuer(key, issuer, audience);
	}

	/**
	 * Serves the JWKS and the token endpoint on {@code host:port} (0 picks a free port).
	 */
	public DevIssuer serve(String host, int port) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
		this.server.createContext(JWKS_PATH, this::jwks);
		this.server.createContext("/token", this::token);
		this.server.setExecutor(Executors.newFixedThreadPool(2));
		this.server.start();
		return this;
	}

	/** The JWKS URI of a serving issuer. */
	public URI jwksUri() {
		return URI.create("http://" + this.server.getAddress().getHostString() + ":"
				+ this.server.getAddress().getPort() + JWKS_PATH);
	}

	/**
	 * The standard resource-server properties that make a service trust this serving
	 * issuer: its JWKS URI, issuer and audience, by property name.
	 */
	public Map<String, String> resourceServerProperties() {
		String prefix = "spring.security.oauth2.resourceserver.jwt.";
		return Map.of(prefix + "jwk-set-uri", jwksUri().toString(), prefix + "issuer-uri", this.issuer,
				prefix + "audiences", this.audience);
	}

	public String issuer() {
		return this.issuer;
	}

	public String audience() {
		return this.audience;
	}

	/** A valid token for {@code subject}, expiring after {@code ttl}. */
	public String mint(String subject, Duration ttl) {
		return token().subject(subject).expiresIn(ttl).sign();
	}

	/**
	 * A token builder pre-filled with this issuer's valid claims; tests override them to
	 * build bad tokens.
	 */
	public Token token() {
		return new Token();
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.stop(0);
			((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
		}
	}

	private void jwks(HttpExchange exchange) throws IOException {
		respond(exchange, 200, "application/jwk-set+json", new JWKSet(this.key.toPublicJWK()).toString());
	}

	private void token(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		String subject = query.get("sub");
		if (subject == null || subject.isBlank()) {
			respond(exchange, 400, "text/plain", "sub is required\n");
			return;
		}
		Duration ttl = query.containsKey("ttl") ? Duration.parse(query.get("ttl")) : Duration.ofHours(8);
		Token token = token().subject(subject).expiresIn(ttl);
		if (query.containsKey("scope")) {
			token.scope(query.get("scope"));
		}
		respond(exchange, 200, "text/plain", token.sign() + "\n");
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> params = new HashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
				}
			}
		}
		return params;
	}

	private static String decode(String value) {
		return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static RSAKey generateKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Claims of one token; every setter returns this builder. */
	public final class Token {

		private String subject = "alice";

		private String tokenIssuer = DevIssuer.this.issuer;

		private String tokenAudience = DevIssuer.this.audience;

		private Instant expiresAt = Instant.now().plus(Duration.ofHours(1));

		private boolean withExpiry = true;

		private String scope;

		private Instant notBefore;

		private Token() {
		}

		/** The {@code scope} claim, space-separated (e.g. {@code chat.admin}). */
		public Token scope(String scope) {
			this.scope = scope;
			return this;
		}

		/** The {@code nbf} claim: not valid before this instant (none unless set). */
		public Token notBefore(Instant notBefore) {
			this.notBefore = notBefore;
			return this;
		}

		public Token subject(String subject) {
			this.subject = subject;
			return this;
		}

		public Token issuer(String issuer) {
			this.tokenIssuer = issuer;
			return this;
		}

		public Token audience(String audience) {
			this.tokenAudience = audience;
			return this;
		}

		public Token expiresIn(Duration ttl) {
			this.expiresAt = Instant.now().plus(ttl);
			return this;
		}

		public Token expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		public Token withoutExpiry() {
			this.withExpiry = false;
			return this;
		}

		/** Signs with this issuer's key. */
		public String sign() {
			return signWith(DevIssuer.this.key);
		}

		/** Signs with a key nobody published: a forged token. */
		public String signWithForeignKey() {
			return signWith(generateKey());
		}

		private String signWith(RSAKey signingKey) {
			// iat before exp, even for a token that expired long ago: otherwise it is
			// refused as malformed, not
			// as expired, and a test of the expiry check would test nothing.
			Instant issuedAt = Instant.now().minusSeconds(1);
			if (this.withExpiry && !issuedAt.isBefore(this.expiresAt)) {
				issuedAt = this.expiresAt.minus(Duration.ofHours(1));
			}
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(this.subject)
				.issuer(this.tokenIssuer)
				.audience(List.of(this.tokenAudience))
				.issueTime(Date.from(issuedAt))
				.jwtID(UUID.randomUUID().toString());
			if (this.withExpiry) {
				claims.expirationTime(Date.from(this.expiresAt));
			}
			if (this.notBefore != null) {
				claims.notBeforeTime(Date.from(this.notBefore));
			}
			if (this.scope != null) {
				claims.claim("scope", this.scope);
			}
			try {
				SignedJWT jwt = new SignedJWT(
						new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims.build());
				jwt.sign(new RSASSASigner(signingKey));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * Runs the issuer until the process is stopped. Arguments: {@code --port} (default
	 * 9000), {@code --issuer} (default {@code http://127.0.0.1:<port>}),
	 * {@code --audience} (default {@code chat}), {@code --key-file} (default
	 * {@code .run/dev-issuer-key.json}).
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = Args.parse(args);
		int port = Integer.parseInt(options.getOrDefault("port", "9000"));
		String issuer = options.getOrDefault("issuer", "http://127.0.0.1:" + port);
		DevIssuer devIssuer = withKeyFile(Path.of(options.getOrDefault("key-file", ".run/dev-issuer-key.json")), issuer,
				options.getOrDefault("audience", "chat"))
			.serve("127.0.0.1", port);
		System.out.println("dev issuer ready at " + devIssuer.jwksUri() + " issuer=" + issuer);
	}

}
