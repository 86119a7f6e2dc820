package chat.platform.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code chat.security}: what the default filter chain lets through without a token,
 * besides the probes and metrics it always lets through.
 *
 * @param publicPaths path patterns open to everyone (default none), e.g.
 * {@code /ws,/ws/**} for a WebSocket handshake whose token is checked later; each starts
 * with {@code /}
 */
@ConfigurationProperties("chat.security")
public record ChatSecurityProperties(@DefaultValue List<String> publicPaths) {

	public ChatSecurityProperties {
		for (String path : publicPaths) {
			if (path == null || !path.startsWith("/")) {
				throw new IllegalArgumentException("chat.security.public-paths: '" + path + "' does not start with /");
			}
		}
		publicPaths = List.copyOf(publicPaths);
	}

}
