package chat.connection.session;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.session.UserRevoked;
import chat.platform.web.ProblemException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Revocation of a user's sessions (logout everywhere, ban). An administrator — a token
 * with scope {@value #ADMIN_SCOPE} — calls {@code POST /api/admin/revocations
 * {"userId"}}; the edge publishes {@link UserRevoked} to the compacted
 * {@code chat.revocations.v1}; every edge node reads it (in a consumer group of its own,
 * from the start at every start-up), closes the user's sessions with ERROR
 * {@code REVOKED}, and from then on refuses the user's tokens issued before the
 * revocation, on CONNECT and on refresh.
 *
 * <p>
 * Thread-safe. Memory: one entry per revoked user, as long as the topic keeps it.
 */
@Component
class Revocations {

	static final String ADMIN_SCOPE = "chat.admin";

	static final String ID = "revocations";

	private final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();

	private final Sessions sessions;

	Revocations(Sessions sessions) {
		this.sessions = sessions;
	}

	/** Whether a token of {@code userId} issued at {@code issuedAt} is revoked. */
	boolean revoked(String userId, Instant issuedAt) {
		Instant revoked = this.revokedAt.get(userId);
		return revoked != null && issuedBefore(issuedAt, revoked);
	}

	/**
	 * {@code iat} has whole seconds: a token issued in the second of the revocation or
	 * later stays valid; one without {@code iat} counts as issued before.
	 */
	static boolean issuedBefore(Instant issuedAt, Instant revokedAt) {
		return issuedAt == null || issuedAt.isBefore(revokedAt.truncatedTo(ChronoUnit.SECONDS));
	}

	@KafkaListener(id = ID,
			topicPartitions = @TopicPartition(topic = Topics.REVOCATIONS, partitions = "#{@topicPartitions.all()}"),
			idIsGroup = false, properties = "auto.offset.reset=earliest")
	void onRevocation(ConsumerRecord<String, byte[]> record) {
		UserRevoked revocation = KafkaRecords.value(record, UserRevoked.class);
		Instant kept = this.revokedAt.merge(revocation.userId(), revocation.revokedAt(),
				(known, candidate) -> candidate.isAfter(known) ? candidate : known);
		this.sessions.revoke(revocation.userId(), kept);
	}

	/** The admin call. */
	@RestController
	static class RevocationController {

		record Request(String userId) {
		}

		record Revoked(String userId, Instant revokedAt) {
		}

		private final KafkaTemplate<String, byte[]> kafka;

		private final Clock clock;

		private final String source;

		RevocationController(KafkaTemplate<String, byte[]> kafka, Clock clock,
				@Value("${spring.application.name}") String source) {
			this.kafka = kafka;
			this.clock = clock;
			this.source = source;
		}

		@PostMapping("/api/admin/revocations")
		@ResponseStatus(HttpStatus.ACCEPTED)
		Revoked revoke(@RequestBody(required = false) Request request, Authentication caller) throws Exception {
			boolean admin = caller.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.anyMatch(("SCOPE_" + ADMIN_SCOPE)::equals);
			if (!admin) {
				throw new Problem(HttpStatus.FORBIDDEN, "FORBIDDEN", "scope " + ADMIN_SCOPE + " required");
			}
			if (request == null || request.userId() == null || request.userId().isBlank()
					|| request.userId().length() > 255) {
				throw new Problem(HttpStatus.BAD_REQUEST, "INVALID", "body must be {\"userId\": \"...\"}");
			}
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			UserRevoked revoked = new UserRevoked(UUID.randomUUID(), now, request.userId(), now, caller.getName());
			// Wait for the broker: 202 means every node will act on it.
			this.kafka.send(KafkaRecords.record(Topics.REVOCATIONS, this.source, revoked))
				.get(10, java.util.concurrent.TimeUnit.SECONDS);
			return new Revoked(revoked.userId(), revoked.revokedAt());
		}

	}

	static final class Problem extends ProblemException {

		Problem(HttpStatus status, String code, String message) {
			super(status, code, message);
		}

	}

}
