package chat.message.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import chat.testsupport.Api;
import chat.message.IntegrationTestSupport;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every API call needs a valid token of the configured issuer and audience; probes and
 * metrics do not.
 */
class SecurityIntegrationTests extends IntegrationTestSupport {

	private static final String API = "/api/conversations";

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
	void malformedTokenIsUnauthorized() {
		assertRefused(api().get(API, "not.a.jwt"));
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
	void expiredTokenIsUnauthorized() {
		Api.Response response = api().get(API, issuedAndExpired(Duration.ofHours(1), Duration.ofMinutes(5)));

		assertRefused(response);
		assertThat(response.wwwAuthenticate()).contains("expired");
	}

	@Test
	void tokenExpiredMoreThan30SecondsAgoIsUnauthorizedDespiteTheDefaultOneMinuteSkew() {
		Api.Response response = api().get(API, issuedAndExpired(Duration.ofMinutes(10), Duration.ofSeconds(45)));

		assertRefused(response);
		assertThat(response.wwwAuthenticate()).contains("expired");
	}

	@Test
	void tokenExpiredWithinTheAllowedSkewIsAccepted() {
		assertThat(api().get(API, issuedAndExpired(Duration.ofMinutes(10), Duration.ofSeconds(5))).status())
			.isEqualTo(200);
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
	void everyApiEndpointNeedsAToken() {
		String conversation = API + "/" + createConversation(user("alice"));
		assertThat(api().get(conversation, null).status()).isEqualTo(401);
		assertThat(api().get(conversation + "/messages?afterSeq=0", null).status()).isEqualTo(401);
		assertThat(api().post(conversation + "/members", null, Map.of("userId", "x")).status()).isEqualTo(401);
		assertThat(api().delete(conversation + "/members/x", null).status()).isEqualTo(401);
		assertThat(api().post(API, null, Map.of()).status()).isEqualTo(401);
	}

	@Test
	void probesAndMetricsNeedNoToken() {
		assertThat(api().get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(api().get("/actuator/health/readiness", null).status()).isEqualTo(200);
		assertThat(api().get("/livez", null).status()).isEqualTo(200);
		assertThat(api().get("/readyz", null).status()).isEqualTo(200);
		assertThat(api().get("/actuator/prometheus", null).status()).isEqualTo(200);
	}

	@Test
	void otherActuatorEndpointsNeedAToken() {
		assertThat(api().get("/actuator/info", null).status()).isEqualTo(401);
	}

	/** A well-formed token issued {@code issuedAgo} and expired {@code expiredAgo}. */
	private static String issuedAndExpired(Duration issuedAgo, Duration expiredAgo) {
		Instant now = Instant.now();
		return signed(new JWTClaimsSet.Builder().subject(user("alice"))
			.issuer(ISSUER)
			.audience(AUDIENCE)
			.issueTime(Date.from(now.minus(issuedAgo)))
			.expirationTime(Date.from(now.minus(expiredAgo)))
			.build());
	}

	private static void assertRefused(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.wwwAuthenticate()).startsWith("Bearer").contains("invalid_token");
	}

}
