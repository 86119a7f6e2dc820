package chat.platform;

import java.time.Duration;

import chat.testsupport.Api;
import chat.devinfra.DevIssuer;
import chat.platform.web.ProblemException;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One servlet application on a random port with nothing but the auto-configurations (the
 * platform's included) and a controller that answers on the probe paths, a public path
 * and an API, trusting a real dev issuer. Every web test class extends it, so the context
 * is built once.
 */
@SpringBootTest(classes = WebIntegrationTestSupport.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "chat.security.public-paths=/ws,/ws/**",
				"chat.security.allowed-origins=" + WebIntegrationTestSupport.ALLOWED_ORIGIN })
public abstract class WebIntegrationTestSupport {

	protected static final String ALLOWED_ORIGIN = "https://app.platform.test";

	protected static final DevIssuer TOKENS = DevIssuer.serving("https://issuer.platform.test", "chat");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		TOKENS.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	protected Api api() {
		return new Api(this.port);
	}

	protected static String token() {
		return TOKENS.mint("alice", Duration.ofMinutes(10));
	}

	/**
	 * No broker here: without Kafka's auto-configuration the platform's error handler
	 * stays away too.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = KafkaAutoConfiguration.class)
	@Import(Endpoints.class)
	static class App {

	}

	@RestController
	static class Endpoints {

		@GetMapping({ "/livez", "/readyz", "/actuator/prometheus", "/actuator/health/liveness", "/ws", "/ws/info",
				"/api/hello" })
		String ok() {
			return "ok";
		}

		@GetMapping("/api/things/{id}")
		String thing(@PathVariable String id) {
			throw new ThingNotFound(id);
		}

		@GetMapping("/api/count")
		String count(@RequestParam int value) {
			return String.valueOf(value);
		}

	}

	static class ThingNotFound extends ProblemException {

		ThingNotFound(String id) {
			super(HttpStatus.NOT_FOUND, "NOT_FOUND", "thing " + id + " not found");
		}

	}

}
