package chat.platform.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Spring Boot start-up with the platform on the classpath, logging at TRACE to the
 * console and to a file: tokens, bearer values and payloads written the way Spring and
 * the services would write them never reach either.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingIntegrationTests {

	/** A real-looking JWT: base64url header, claims and signature. */
	private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0"
			+ ".eyJzdWIiOiJhbGljZSIsImlzcyI6Imh0dHA6Ly9pc3N1ZXIudGVzdCJ9"
			+ ".c2lnbmF0dXJlLWJ5dGVzLWhlcmUtX3dpdGgtLWRhc2hlcw";

	private static final Logger log = LoggerFactory.getLogger("chat.platform.logging.test");

	@Test
	void tokensBearerValuesAndPayloadsAreMaskedAtTraceOnConsoleAndInTheFile(CapturedOutput output, @TempDir Path dir)
			throws Exception {
		Path file = dir.resolve("service.log");
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--logging.file.name=" + file,
				"--logging.level.chat.platform.logging.test=TRACE")) {
			log.trace("From client: CONNECT session=s1 Authorization=[Bearer {}]", JWT);
			log.debug("Handshake headers [authorization:\"bearer opaque-Secret.value~1/2+3=\"]");
			log.debug("Processing MESSAGE destination=/topic/conversations/c1 session=null application/json"
					+ " payload={\"type\":\"message.created\",\"text\":\"the-secret-words\"}");
			log.trace(
					"TextMessage payload=[SEND\ndestination:/app/conversations/c1/messages\n\n{\"text\":\"more-secret\"}]");
			log.info("refresh with token {} failed", JWT.substring(0, 60));
			log.error("decoding failed", new IllegalStateException("bad token " + JWT));
			log.info("conversation c1 has 3 members; eye-catching eyes stay");
		}
		String console = output.getAll();
		String written = Files.readString(file, StandardCharsets.UTF_8);

		for (String logged : new String[] { console, written }) {
			assertThat(logged).contains("From client: CONNECT session=s1 Authorization=[Bearer [jwt]]")
				.contains("bearer [redacted]")
				.contains("payload=[redacted]")
				.contains("refresh with token [jwt] failed")
				.contains("java.lang.IllegalStateException: bad token [jwt]")
				.contains("conversation c1 has 3 members; eye-catching eyes stay")
				.doesNotContain("eyJ")
				.doesNotContain("opaque-Secret")
				.doesNotContain("the-secret-words")
				.doesNotContain("more-secret");
		}
	}

	@Test
	void anExplicitPatternWins() {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--logging.pattern.console=CUSTOM %m%n")) {
			// The environment is what the logging system is built from; asserting on it
			// does
			// not depend on which test in this JVM set up the console appender first.
			assertThat(context.getEnvironment().getProperty("logging.pattern.console")).isEqualTo("CUSTOM %m%n");
		}
	}

	@SpringBootConfiguration
	static class App {

	}

}
