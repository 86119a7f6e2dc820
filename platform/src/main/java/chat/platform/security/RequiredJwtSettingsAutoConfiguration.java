package chat.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Fail closed on configuration, wherever the resource server is on the classpath (every
 * service): no start without an explicit JWT issuer, JWKS URI and audience — see
 * {@link RequiredJwtSettings}.
 */
@AutoConfiguration
@ConditionalOnClass(BearerTokenAuthenticationToken.class)
public final class RequiredJwtSettingsAutoConfiguration {

	/** Static: a bean factory post-processor runs before any other bean is created. */
	@Bean
	static RequiredJwtSettings requiredJwtSettings() {
		return new RequiredJwtSettings();
	}

}
