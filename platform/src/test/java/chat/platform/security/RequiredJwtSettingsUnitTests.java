package chat.platform.security;

import chat.platform.security.RequiredJwtSettings.MissingJwtSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fail closed on configuration: without an explicit issuer, JWKS URI and audience no
 * service starts, and the failure names what to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequiredJwtSettingsUnitTests {

	private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequiredJwtSettingsAutoConfiguration.class,
				ResourceServerSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class));

	@Test
	void nothingSetFailsAtStartUpNamingAllThreeVariables() {
		this.contexts.run(context -> assertThat(context).hasFailed()
			.getFailure()
			.isInstanceOf(MissingJwtSettings.class)
			.hasMessageContaining("CHAT_JWT_ISSUER (" + JWT + "issuer-uri)")
			.hasMessageContaining("CHAT_JWT_JWKS_URI (" + JWT + "jwk-set-uri)")
			.hasMessageContaining("CHAT_JWT_AUDIENCE (" + JWT + "audiences)"));
	}

	@Test
	void eachMissingSettingAloneFailsAndIsTheOnlyOneNamed() {
		String[] all = { JWT + "issuer-uri=https://issuer.example", JWT + "jwk-set-uri=https://issuer.example/jwks",
				JWT + "audiences=chat" };
		String[] variables = { "CHAT_JWT_ISSUER", "CHAT_JWT_JWKS_URI", "CHAT_JWT_AUDIENCE" };
		for (int left = 0; left < all.length; left++) {
			String[] others = new String[all.length - 1];
			for (int i = 0, j = 0; i < all.length; i++) {
				if (i != left) {
					others[j++] = all[i];
				}
			}
			String missing = variables[left];
			this.contexts.withPropertyValues(others).run(context -> {
				assertThat(context).hasFailed();
				assertThat(((MissingJwtSettings) context.getStartupFailure()).missing())
					.extracting(RequiredJwtSettings.Setting::variable)
					.containsExactly(missing);
			});
		}
	}

	@Test
	void blankValuesCountAsMissing() {
		this.contexts
			.withPropertyValues(JWT + "issuer-uri=", JWT + "jwk-set-uri= ", JWT + "audiences=https://issuer.example")
			.run(context -> assertThat(((MissingJwtSettings) context.getStartupFailure()).missing())
				.extracting(RequiredJwtSettings.Setting::variable)
				.containsExactly("CHAT_JWT_ISSUER", "CHAT_JWT_JWKS_URI"));
	}

	@Test
	void allThreeSetStarts() {
		this.contexts
			.withPropertyValues(JWT + "issuer-uri=https://issuer.example",
					JWT + "jwk-set-uri=https://issuer.example/jwks", JWT + "audiences=chat")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(RequiredJwtSettings.class));
	}

	@Test
	void failureAnalysisSaysWhatToSet() {
		FailureAnalysis analysis = new MissingJwtSettingsFailureAnalyzer()
			.analyze(new IllegalStateException(new MissingJwtSettings(RequiredJwtSettings.SETTINGS.subList(0, 1))));

		assertThat(analysis.getDescription()).contains("CHAT_JWT_ISSUER (property " + JWT + "issuer-uri)")
			.doesNotContain("CHAT_JWT_AUDIENCE");
		assertThat(analysis.getAction()).contains("Set every variable above");
	}

	@Test
	void realStartUpWithoutSettingsPrintsWhatToSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);

		assertThatThrownBy(() -> application.run()).isInstanceOf(MissingJwtSettings.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("CHAT_JWT_ISSUER (property " + JWT + "issuer-uri)")
			.contains("CHAT_JWT_JWKS_URI (property " + JWT + "jwk-set-uri)")
			.contains("CHAT_JWT_AUDIENCE (property " + JWT + "audiences)");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = KafkaAutoConfiguration.class)
	static class App {

	}

}
