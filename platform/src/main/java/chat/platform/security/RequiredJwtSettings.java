package chat.platform.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Fails closed on configuration: a service does not start unless the JWT issuer, the JWKS
 * URI and the audience are all set explicitly. There are no defaults to fall back on — a
 * default issuer would be trusted in production by a deploy that forgot to set it.
 *
 * <p>
 * A {@link BeanFactoryPostProcessor}, so the check runs before any bean is created and
 * its message (by {@link MissingJwtSettingsFailureAnalyzer}) is the one the operator
 * sees, not a decoder failing on an empty URI.
 */
final class RequiredJwtSettings implements BeanFactoryPostProcessor, EnvironmentAware {

	static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

	/**
	 * One required setting: the environment variable each service maps to its property.
	 */
	record Setting(String variable, String property, String meaning) {

		@Override
		public String toString() {
			return this.variable + " (property " + this.property + "): " + this.meaning;
		}

	}

	static final List<Setting> SETTINGS = List.of(
			new Setting("CHAT_JWT_ISSUER", PREFIX + "issuer-uri", "the issuer every token's iss must equal"),
			new Setting("CHAT_JWT_JWKS_URI", PREFIX + "jwk-set-uri",
					"the identity provider's JWKS URL, whose keys sign the tokens"),
			new Setting("CHAT_JWT_AUDIENCE", PREFIX + "audiences", "the audience every token's aud must contain"));

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		List<Setting> missing = missing(Binder.get(this.environment));
		if (!missing.isEmpty()) {
			throw new MissingJwtSettings(missing);
		}
	}

	static List<Setting> missing(Binder binder) {
		List<Setting> missing = new ArrayList<>();
		for (Setting setting : SETTINGS) {
			boolean set = setting.property().endsWith("audiences")
					? binder.bind(setting.property(), Bindable.listOf(String.class))
						.map(values -> values.stream().anyMatch(StringUtils::hasText))
						.orElse(false)
					: binder.bind(setting.property(), String.class).map(StringUtils::hasText).orElse(false);
			if (!set) {
				missing.add(setting);
			}
		}
		return missing;
	}

	/** The start-up failure: names every setting that is missing. */
	static final class MissingJwtSettings extends IllegalStateException {

		private final List<Setting> missing;

		MissingJwtSettings(List<Setting> missing) {
			super("JWT settings missing, so no token could be trusted; set " + String.join(", ",
					missing.stream().map(setting -> setting.variable() + " (" + setting.property() + ")").toList()));
			this.missing = List.copyOf(missing);
		}

		List<Setting> missing() {
			return this.missing;
		}

	}

}
