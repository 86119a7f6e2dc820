package chat.message.conversation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Conversations and their members. */
@Repository
class Conversations {

	private static final String INSERT_CONVERSATION = """
			INSERT INTO conversations (id, title, created_by, created_at) VALUES (:id, :title, :createdBy, :createdAt)
			""";

	private static final String INSERT_MEMBER = """
			INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (:id, :userId, :joinedAt)
			ON CONFLICT DO NOTHING
			""";

	private static final String DELETE_MEMBER = """
			DELETE FROM conversation_members WHERE conversation_id = :id AND user_id = :userId
			""";

	private static final String BUMP_VERSION = """
			UPDATE conversations SET members_version = members_version + 1 WHERE id = :id
			""";

	private static final String FIND = """
			SELECT id, title, created_by, created_at, last_seq, members_version FROM conversations WHERE id = :id
			""";

	private static final String LOCK = """
			SELECT id FROM conversations WHERE id = :id FOR UPDATE
			""";

	private static final String MEMBERS = """
			SELECT user_id, participated_at IS NOT NULL AS participated FROM conversation_members
			WHERE conversation_id = :id ORDER BY user_id
			""";

	/**
	 * Marks members as having taken part; returns the conversations where someone did for
	 * the first time.
	 */
	private static final String MARK_PARTICIPANTS = """
			UPDATE conversation_members m SET participated_at = :now
			FROM unnest(CAST(:conversationIds AS uuid[]), CAST(:userIds AS text[])) AS p (conversation_id, user_id)
			WHERE m.conversation_id = p.conversation_id AND m.user_id = p.user_id AND m.participated_at IS NULL
			RETURNING m.conversation_id
			""";

	private static final String OF_USER = """
			SELECT c.id FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
			WHERE m.user_id = :userId ORDER BY c.created_at, c.id
			""";

	private final JdbcClient jdbc;

	Conversations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID id, String title, String createdBy, Instant createdAt) {
		this.jdbc.sql(INSERT_CONVERSATION)
			.param("id", id)
			.param("title", title)
			.param("createdBy", createdBy)
			.param("createdAt", Timestamp.from(createdAt))
			.update();
	}

	/**
	 * @return whether the user was not a member before
	 */
	boolean addMember(UUID id, String userId, Instant joinedAt) {
		return this.jdbc.sql(INSERT_MEMBER)
			.param("id", id)
			.param("userId", userId)
			.param("joinedAt", Timestamp.from(joinedAt))
			.update() == 1;
	}

	/**
	 * @return whether the user was a member before
	 */
	boolean removeMember(UUID id, String userId) {
		return this.jdbc.sql(DELETE_MEMBER).param("id", id).param("userId", userId).update() == 1;
	}

	void bumpVersion(UUID id) {
		this.jdbc.sql(BUMP_VERSION).param("id", id).update();
	}

	/**
	 * Locks the conversation row until the transaction ends, serialising membership
	 * changes.
	 */
	boolean lock(UUID id) {
		return this.jdbc.sql(LOCK).param("id", id).query().optionalValue().isPresent();
	}

	Optional<Conversation> find(UUID id) {
		List<String> members = new ArrayList<>();
		List<String> participants = new ArrayList<>();
		this.jdbc.sql(MEMBERS).param("id", id).query(rs -> {
			members.add(rs.getString("user_id"));
			if (rs.getBoolean("participated")) {
				participants.add(rs.getString("user_id"));
			}
		});
		return this.jdbc.sql(FIND)
			.param("id", id)
			.query((rs, row) -> new Conversation(rs.getObject("id", UUID.class), rs.getString("title"),
					rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), rs.getLong("last_seq"),
					rs.getLong("members_version"), List.copyOf(members), List.copyOf(participants)))
			.optional();
	}

	/**
	 * Marks each (conversation, user) pair that is a membership as having taken part.
	 * @return the conversations in which at least one member took part for the first time
	 */
	Set<UUID> markParticipants(List<UUID> conversationIds, List<String> userIds, Instant now) {
		if (conversationIds.isEmpty()) {
			return Set.of();
		}
		return new TreeSet<>(this.jdbc.sql(MARK_PARTICIPANTS)
			.param("conversationIds", conversationIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("userIds", userIds.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.query(UUID.class)
			.list());
	}

	List<UUID> idsOf(String userId) {
		return this.jdbc.sql(OF_USER).param("userId", userId).query(UUID.class).list();
	}

}
