package chat.platform.web;

import chat.testsupport.Api;
import chat.platform.WebIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsIntegrationTests extends WebIntegrationTestSupport {

	@Test
	void problemExceptionIsAnsweredWithItsStatusCodeAndMessage() {
		Api.Response response = api().get("/api/things/42", token());

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(404);
		assertThat(problem.get("code").asString()).isEqualTo("NOT_FOUND");
		assertThat(problem.get("detail").asString()).isEqualTo("thing 42 not found");
	}

	@Test
	void malformedRequestIsAProblemDetailToo() {
		Api.Response response = api().get("/api/count?value=many", token());

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(400);
	}

}
