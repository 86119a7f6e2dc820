package chat.platform.security;

import java.time.Instant;

import chat.testsupport.Api;
import chat.platform.WebIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default filter chain: probes, metrics and public paths are open, everything else
 * needs a valid token.
 */
class FilterChainIntegrationTests extends WebIntegrationTestSupport {

	@Test
	void probesAndMetricsNeedNoToken() {
		assertThat(new String[] { "/livez", "/readyz", "/actuator/prometheus", "/actuator/health/liveness" })
			.allSatisfy(path -> assertThat(api().get(path, null).status()).as(path).isEqualTo(200));
	}

	@Test
	void publicPathsNeedNoToken() {
		assertThat(api().get("/ws", null).status()).isEqualTo(200);
		assertThat(api().get("/ws/info", null).status()).isEqualTo(200);
	}

	@Test
	void everythingElseNeedsAToken() {
		Api.Response response = api().get("/api/hello", null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.wwwAuthenticate()).startsWith("Bearer");
		assertThat(api().get("/actuator/info", null).status()).isEqualTo(401);
		assertThat(api().get("/wsx", null).status()).isEqualTo(401);
	}

	@Test
	void validTokenIsAccepted() {
		Api.Response response = api().get("/api/hello", token());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
	}

	@Test
	void tokenWithoutExpiryIsRefused() {
		assertRefused(api().get("/api/hello", TOKENS.token().withoutExpiry().sign()));
	}

	@Test
	void tokenExpiredMoreThan30SecondsAgoIsRefusedDespiteBootsOneMinuteSkew() {
		assertRefused(api().get("/api/hello", TOKENS.token().expiresAt(Instant.now().minusSeconds(45)).sign()));
	}

	@Test
	void tokenOfAnotherIssuerIsRefused() {
		assertRefused(api().get("/api/hello", TOKENS.token().issuer("https://evil.example").sign()));
	}

	private static void assertRefused(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.wwwAuthenticate()).startsWith("Bearer").contains("invalid_token");
	}

}
