package chat.receipt.platform;

import java.time.Instant;

import chat.testsupport.Api;
import chat.receipt.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API call needs a valid token of the configured issuer and audience; probes and
 * metrics do not.
 */
class SecurityIntegrationTests extends IntegrationTestSupport {

	private static final String API = "/api/unread";

	@Test
	void validTokenIsAccepted() {
		assertThat(api().get(API, token(user("alice"))).status()).isEqualTo(200);
	}

	@Test
	void requestWithoutTokenIsUnauthorized() {
		Api.Response response = api().get(API, null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.wwwAuthenticate()).startsWith("Bearer");
	}

	@Test
	void tokenSignedWithAForeignKeyIsUnauthorized() {
		assertRefused(api().get(API, TOKENS.token().subject(user("mallory")).signWithForeignKey()));
	}

	@Test
	void tokenWithoutExpiryIsUnauthorized() {
		assertRefused(api().get(API, TOKENS.token().subject(user("alice")).withoutExpiry().sign()));
	}

	@Test
	void tokenExpiredMoreThan30SecondsAgoIsUnauthorizedDespiteTheDefaultOneMinuteSkew() {
		assertRefused(
				api().get(API, TOKENS.token().subject(user("alice")).expiresAt(Instant.now().minusSeconds(45)).sign()));
	}

	@Test
	void tokenForAnotherAudienceIsUnauthorized() {
		assertRefused(api().get(API, TOKENS.token().subject(user("alice")).audience("billing").sign()));
	}

	@Test
	void tokenFromAnotherIssuerIsUnauthorized() {
		assertRefused(api().get(API, TOKENS.token().subject(user("alice")).issuer("https://evil.example").sign()));
	}

	@Test
	void probesAndMetricsNeedNoToken() {
		assertThat(api().get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(api().get("/livez", null).status()).isEqualTo(200);
		assertThat(api().get("/actuator/prometheus", null).status()).isEqualTo(200);
	}

	@Test
	void readinessIncludesTheLoadedMembershipView() {
		Api.Response response = api().get("/readyz", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(api().get("/actuator/health/readiness", null).status()).isEqualTo(200);
	}

	@Test
	void otherActuatorEndpointsNeedAToken() {
		assertThat(api().get("/actuator/info", null).status()).isEqualTo(401);
	}

	private static void assertRefused(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.wwwAuthenticate()).startsWith("Bearer").contains("invalid_token");
	}

}
