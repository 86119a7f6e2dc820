package chat.presence.online;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The published presence of every user ever seen: one row per user, overwritten with each
 * transition.
 */
@Repository
class LastSeen {

	private static final String SAVE = """
			INSERT INTO last_seen (user_id, online, last_seen_at) VALUES (:userId, :online, :lastSeenAt)
			ON CONFLICT (user_id) DO UPDATE SET online = EXCLUDED.online, last_seen_at = EXCLUDED.last_seen_at
			""";

	private static final String ONLINE = """
			SELECT user_id, online, last_seen_at FROM last_seen WHERE online
			""";

	private static final String FIND = """
			SELECT user_id, online, last_seen_at FROM last_seen WHERE user_id IN (:userIds)
			""";

	private final JdbcClient jdbc;

	LastSeen(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void save(List<PresenceTracker.Transition> transitions) {
		for (PresenceTracker.Transition transition : transitions) {
			this.jdbc.sql(SAVE)
				.param("userId", transition.userId())
				.param("online", transition.online())
				.param("lastSeenAt", Timestamp.from(transition.lastSeenAt()))
				.update();
		}
	}

	/** Users stored as online → their stored lastSeenAt. */
	Map<String, Instant> online() {
		Map<String, Instant> online = new HashMap<>();
		this.jdbc.sql(ONLINE).query(LastSeen::row).list().forEach(row -> online.put(row.userId(), row.lastSeenAt()));
		return online;
	}

	/** The stored rows of these users; users never seen are absent. */
	Map<String, UserPresence> find(Collection<String> userIds) {
		return this.jdbc.sql(FIND)
			.param("userIds", userIds)
			.query(LastSeen::row)
			.list()
			.stream()
			.collect(Collectors.toMap(UserPresence::userId, Function.identity()));
	}

	private static UserPresence row(ResultSet rs, int row) throws SQLException {
		return new UserPresence(rs.getString("user_id"), rs.getBoolean("online"),
				rs.getTimestamp("last_seen_at").toInstant());
	}

}
