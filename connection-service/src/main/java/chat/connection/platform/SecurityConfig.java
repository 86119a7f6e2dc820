package chat.connection.platform;

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
 * HTTP: the WebSocket handshake is open (the JWT is checked on STOMP CONNECT, never in the URL) and so are
 * the probes and metrics; nothing else is served. The JWT decoder is Boot's standard resource-server one
 * ({@code spring.security.oauth2.resourceserver.jwt.*}), tightened by the validators below.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	@Bean
	SecurityFilterChain http(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/ws", "/ws/**", "/actuator/health/**", "/actuator/prometheus", "/livez", "/readyz")
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
