package chat.platform.security;

import java.time.Instant;
import java.util.Collection;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceServerSecurityAutoConfigurationUnitTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResourceServerSecurityAutoConfiguration.class));

	@Test
	void validatorsRefuseTokensExpiredMoreThan30SecondsAgoOrWithoutExpiry() {
		this.contexts.run(context -> {
			@SuppressWarnings("unchecked")
			Collection<OAuth2TokenValidator<Jwt>> validators = (Collection<OAuth2TokenValidator<Jwt>>) (Collection<?>) context
				.getBeanProvider(ResolvableType.forClassWithGenerics(OAuth2TokenValidator.class, Jwt.class))
				.stream()
				.toList();

			assertThat(validators).hasSize(2);
			assertThat(failures(validators, token(Instant.now().minusSeconds(45)))).isEqualTo(1);
			assertThat(failures(validators, token(null))).isEqualTo(1);
			assertThat(failures(validators, token(Instant.now().minusSeconds(5)))).isZero();
		});
	}

	@Test
	void applicationWithoutServletWebGetsNoFilterChain() {
		this.contexts.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SecurityFilterChain.class));
	}

	@Test
	void publicPathThatIsNotAPathFailsAtStartUp() {
		this.contexts.withPropertyValues("chat.security.public-paths=ws")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("chat.security.public-paths"));
	}

	private static long failures(Collection<OAuth2TokenValidator<Jwt>> validators, Jwt jwt) {
		return validators.stream().filter(validator -> validator.validate(jwt).hasErrors()).count();
	}

	private static Jwt token(Instant expiresAt) {
		Jwt.Builder jwt = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("alice")
			.issuedAt(Instant.now().minusSeconds(600));
		if (expiresAt != null) {
			jwt.expiresAt(expiresAt);
		}
		return jwt.build();
	}

}
