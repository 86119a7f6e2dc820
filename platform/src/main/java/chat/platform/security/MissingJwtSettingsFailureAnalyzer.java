package chat.platform.security;

import java.util.stream.Collectors;

import chat.platform.security.RequiredJwtSettings.MissingJwtSettings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link MissingJwtSettings} into Boot's "APPLICATION FAILED TO START" report: what
 * is missing and exactly what to set.
 */
final class MissingJwtSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingJwtSettings> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingJwtSettings cause) {
		String missing = cause.missing()
			.stream()
			.map(setting -> "    " + setting)
			.collect(Collectors.joining(System.lineSeparator()));
		return new FailureAnalysis(
				"The JWT settings are incomplete, and there are no defaults: a service that trusted a default issuer"
						+ " would accept whatever answers there. Missing:" + System.lineSeparator() + missing,
				"Set every variable above to your identity provider's values (Keycloak, Auth0, Okta; the local"
						+ " launcher deploy/local/chat sets them to its dev issuer), or set the properties directly.",
				cause);
	}

}
