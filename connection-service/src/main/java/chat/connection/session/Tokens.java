package chat.connection.session;

import chat.contracts.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * The one check of a bearer token, on CONNECT and on an in-band refresh: Boot's
 * resource-server decoder (signature, issuer, audience, expiry, skew), a subject, and no
 * revocation after it was issued.
 */
@Component
class Tokens {

	private static final Logger log = LoggerFactory.getLogger(Tokens.class);

	/** The outcome of a check: a user's credentials, or why the token was refused. */
	sealed interface Checked {

	}

	record Valid(String subject, StompUser.Credentials credentials) implements Checked {
	}

	record Refused(ErrorCode code, String reason) implements Checked {
	}

	private final JwtDecoder decoder;

	private final Revocations revocations;

	Tokens(JwtDecoder decoder, Revocations revocations) {
		this.decoder = decoder;
		this.revocations = revocations;
	}

	Checked check(String token) {
		if (token == null || token.isBlank()) {
			return new Refused(ErrorCode.UNAUTHORIZED, "missing bearer token");
		}
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token.trim());
		}
		catch (JwtException ex) {
			log.debug("Refused a token: {}", ex.getMessage());
			return new Refused(ErrorCode.UNAUTHORIZED, "invalid token");
		}
		if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
			// The user id is the token's sub; without one the session would have no
			// identity.
			return new Refused(ErrorCode.UNAUTHORIZED, "token has no subject");
		}
		if (this.revocations.revoked(jwt.getSubject(), jwt.getIssuedAt())) {
			return new Refused(ErrorCode.UNAUTHORIZED, "token revoked; sign in again");
		}
		return new Valid(jwt.getSubject(),
				new StompUser.Credentials(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt()));
	}

}
