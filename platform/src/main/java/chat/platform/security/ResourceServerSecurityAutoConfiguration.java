package chat.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
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
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Standard resource-server JWT checking: Boot builds the decoder from
 * {@code spring.security.oauth2.resourceserver.jwt.*} (JWKS URI, issuer, audiences) and
 * adds every {@code OAuth2TokenValidator<Jwt>} bean to its checks, so the two validators
 * here tighten Boot's defaults. Runs before Boot's resource-server and management
 * security, whose default filter chains back off once this one exists.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnClass({ HttpSecurity.class, BearerTokenAuthenticationToken.class, JwtTimestampValidator.class })
@EnableConfigurationProperties(ChatSecurityProperties.class)
public final class ResourceServerSecurityAutoConfiguration {

	/** Open to everyone in every service: Kubernetes probes and the Prometheus scrape. */
	static final List<String> PROBES = List.of("/actuator/health/**", "/actuator/prometheus", "/livez", "/readyz");

	/**
	 * At most 30 s of clock skew (Boot's default validator allows 60 s; both run, the
	 * stricter wins).
	 */
	@Bean
	OAuth2TokenValidator<Jwt> jwtClockSkewAtMost30Seconds() {
		return new JwtTimestampValidator(Duration.ofSeconds(30));
	}

	/** A token without {@code exp} never expires; refuse it. */
	@Bean
	OAuth2TokenValidator<Jwt> jwtExpiryRequired() {
		return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
	}

	/**
	 * Stateless bearer-token checking: probes, metrics and
	 * {@code chat.security.public-paths} are open, everything else needs a valid token. A
	 * service that declares its own {@code SecurityFilterChain} replaces it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	static class FilterChainConfiguration {

		@Bean
		SecurityFilterChain resourceServerFilterChain(HttpSecurity http, ChatSecurityProperties properties)
				throws Exception {
			List<String> open = new ArrayList<>(PROBES);
			open.addAll(properties.publicPaths());
			return http
				.authorizeHttpRequests(requests -> requests.requestMatchers(open.toArray(String[]::new))
					.permitAll()
					.anyRequest()
					.authenticated())
				.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
				.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(csrf -> csrf.disable())
				.cors(cors -> cors.configurationSource(corsSource(properties)))
				.build();
		}

		/**
		 * Cross-origin REST calls from {@code chat.security.allowed-origins} only. Bearer
		 * tokens travel in a header, so no credentials (cookies) are allowed.
		 */
		static CorsConfigurationSource corsSource(ChatSecurityProperties properties) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(properties.allowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
			cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
			cors.setMaxAge(Duration.ofHours(1));
			UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
			source.registerCorsConfiguration("/api/**", cors);
			return source;
		}

	}

}
