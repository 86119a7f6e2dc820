package chat.platform.security;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.security}: what the default filter chain lets through without a token,
 * besides the probes and metrics it always lets through, and which browser origins may
 * call the service.
 *
 * @param publicPaths path patterns open to everyone (default none), e.g.
 * {@code /ws,/ws/**} for a WebSocket handshake whose token is checked later; each starts
 * with {@code /}
 * @param allowedOrigins browser origins ({@code scheme://host[:port]}, compared exactly)
 * allowed to open the edge's WebSocket and to call REST APIs cross-origin (CORS); default
 * none. No wildcards: a request with any other {@code Origin} is refused with 403.
 * Clients that send no {@code Origin} (servers, mobile apps) are not affected.
 */
@ConfigurationProperties("chat.security")
public record ChatSecurityProperties(@DefaultValue List<String> publicPaths,
		@DefaultValue List<String> allowedOrigins) {

	public ChatSecurityProperties {
		for (String path : publicPaths) {
			if (path == null || !path.startsWith("/")) {
				throw new IllegalArgumentException("chat.security.public-paths: '" + path + "' does not start with /");
			}
		}
		allowedOrigins.forEach(ChatSecurityProperties::checkOrigin);
		publicPaths = List.copyOf(publicPaths);
		allowedOrigins = List.copyOf(allowedOrigins);
	}

	private static void checkOrigin(String origin) {
		URI uri;
		try {
			uri = URI.create(origin);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw badOrigin(origin);
		}
		boolean exact = uri.getScheme() != null && uri.getHost() != null && uri.getRawPath().isEmpty()
				&& uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null
				&& !origin.contains("*");
		if (!exact || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
			throw badOrigin(origin);
		}
	}

	private static IllegalArgumentException badOrigin(String origin) {
		return new IllegalArgumentException("chat.security.allowed-origins: '" + origin
				+ "' is not an exact origin like https://chat.example.com (no wildcard, no path)");
	}

}
