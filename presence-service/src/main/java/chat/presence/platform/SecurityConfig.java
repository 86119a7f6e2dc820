package chat.presence.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Standard resource-server JWT checking (JWKS URI, issuer and audience from
 * {@code spring.security.oauth2.resourceserver.jwt.*}); the validators below tighten Boot's defaults.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health/**", "/actuator/prometheus",
					"/livez", "/readyz")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.build();
	}

	/** At most 30 s of clock skew (Boot's default validator allows 60 s; both run, the stricter wins). */
	@Bean
	OAuth2TokenValidator<Jwt> clockSkewAtMost30Seconds() {
		return new JwtTimestampValidator(Duration.ofSeconds(30));
	}

	/** A token without {@code exp} never expires; refuse it. */
	@Bean
	OAuth2TokenValidator<Jwt> expiryRequired() {
		return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
	}

}
