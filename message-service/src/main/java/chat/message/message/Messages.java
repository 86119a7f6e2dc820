package chat.message.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import chat.contracts.ErrorCode;
import chat.contracts.message.MessageCreated;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stored messages. Rows are {@link MessageCreated} events: what was stored is exactly
 * what is published.
 */
@Repository
class Messages {

	private static final String COLUMNS = "id, conversation_id, seq, sender_id, client_message_id, body, created_at";

	private static final String BY_CLIENT_IDS = "SELECT " + COLUMNS
			+ """
					 FROM messages
					 JOIN unnest(CAST(:senderIds AS text[]), CAST(:clientMessageIds AS uuid[])) AS k (sender_id, client_message_id)
					 USING (sender_id, client_message_id)
					""";

	/**
	 * Row locks on the conversations serialise seq assignment; the caller holds them
	 * until commit.
	 */
	private static final String LOCK_CONVERSATIONS = """
			SELECT id, last_seq FROM conversations WHERE id = ANY (CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE
			""";

	private static final String MEMBERSHIPS = """
			SELECT m.conversation_id, m.user_id FROM conversation_members m
			JOIN unnest(CAST(:conversationIds AS uuid[]), CAST(:userIds AS text[])) AS k (conversation_id, user_id)
			USING (conversation_id, user_id)
			""";

	private static final String INSERT = """
			INSERT INTO messages (id, conversation_id, seq, sender_id, client_message_id, body, created_at)
			SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:conversationIds AS uuid[]), CAST(:seqs AS bigint[]),
			                     CAST(:senderIds AS text[]), CAST(:clientMessageIds AS uuid[]), CAST(:bodies AS text[]),
			                     CAST(:createdAts AS timestamptz[]))
			""";

	/** Moves each conversation's last_seq to the highest seq just inserted into it. */
	private static final String ADVANCE_SEQS = """
			UPDATE conversations c SET last_seq = s.last_seq
			FROM (SELECT conversation_id, max(seq) AS last_seq
			      FROM unnest(CAST(:conversationIds AS uuid[]), CAST(:seqs AS bigint[])) AS n (conversation_id, seq)
			      GROUP BY conversation_id) s
			WHERE c.id = s.conversation_id
			""";

	private static final String REJECTIONS_BY_CLIENT_IDS = """
			SELECT r.sender_id, r.client_message_id, r.conversation_id, r.code, r.reason FROM rejections r
			JOIN unnest(CAST(:senderIds AS text[]), CAST(:clientMessageIds AS uuid[])) AS k (sender_id, client_message_id)
			USING (sender_id, client_message_id)
			""";

	private static final String INSERT_REJECTIONS = """
			INSERT INTO rejections (sender_id, client_message_id, conversation_id, code, reason, rejected_at)
			SELECT * FROM unnest(CAST(:senderIds AS text[]), CAST(:clientMessageIds AS uuid[]),
			                     CAST(:conversationIds AS uuid[]), CAST(:codes AS text[]), CAST(:reasons AS text[]),
			                     CAST(:rejectedAts AS timestamptz[]))
			ON CONFLICT (sender_id, client_message_id) DO NOTHING
			""";

	private static final String AFTER = "SELECT " + COLUMNS + """
			 FROM messages WHERE conversation_id = :conversationId AND seq > :seq ORDER BY seq LIMIT :limit
			""";

	private static final String BEFORE = "SELECT " + COLUMNS + """
			 FROM messages WHERE conversation_id = :conversationId AND seq < :seq ORDER BY seq DESC LIMIT :limit
			""";

	private final JdbcClient jdbc;

	Messages(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A send's idempotency key. */
	record Key(String senderId, UUID clientMessageId) {
	}

	/** A (conversation, user) pair. */
	record Membership(UUID conversationId, String userId) {
	}

	/** The stored messages among {@code keys} (distinct). */
	Map<Key, MessageCreated> byClientIds(List<Key> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql(BY_CLIENT_IDS)
			.param("senderIds", keys.stream().map(Key::senderId).toArray(String[]::new))
			.param("clientMessageIds",
					keys.stream().map(key -> key.clientMessageId().toString()).toArray(String[]::new))
			.query(Messages::row)
			.list()
			.stream()
			.collect(Collectors.toMap(message -> new Key(message.senderId(), message.clientMessageId()),
					Function.identity()));
	}

	/** A decision to refuse a send, kept so that the same send is refused again. */
	record Rejection(UUID conversationId, ErrorCode code, String reason) {
	}

	/** The stored rejections among {@code keys} (distinct). */
	Map<Key, Rejection> rejectionsByClientIds(List<Key> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		Map<Key, Rejection> rejections = new HashMap<>();
		this.jdbc.sql(REJECTIONS_BY_CLIENT_IDS)
			.param("senderIds", keys.stream().map(Key::senderId).toArray(String[]::new))
			.param("clientMessageIds",
					keys.stream().map(key -> key.clientMessageId().toString()).toArray(String[]::new))
			.query(rs -> {
				rejections.put(new Key(rs.getString("sender_id"), rs.getObject("client_message_id", UUID.class)),
						new Rejection(rs.getObject("conversation_id", UUID.class),
								ErrorCode.valueOf(rs.getString("code")), rs.getString("reason")));
			});
		return rejections;
	}

	/** Stores rejections; one already stored for a key stays. */
	void insertRejections(Map<Key, Rejection> rejections, Instant now) {
		if (rejections.isEmpty()) {
			return;
		}
		List<Map.Entry<Key, Rejection>> entries = List.copyOf(rejections.entrySet());
		this.jdbc.sql(INSERT_REJECTIONS)
			.param("senderIds", entries.stream().map(e -> e.getKey().senderId()).toArray(String[]::new))
			.param("clientMessageIds",
					entries.stream().map(e -> e.getKey().clientMessageId().toString()).toArray(String[]::new))
			.param("conversationIds",
					entries.stream().map(e -> e.getValue().conversationId().toString()).toArray(String[]::new))
			.param("codes", entries.stream().map(e -> e.getValue().code().name()).toArray(String[]::new))
			.param("reasons", entries.stream().map(e -> e.getValue().reason()).toArray(String[]::new))
			.param("rejectedAts", entries.stream().map(e -> now.toString()).toArray(String[]::new))
			.update();
	}

	/**
	 * Locks the existing conversations among {@code ids} until the transaction ends;
	 * their last seqs.
	 */
	Map<UUID, Long> lockConversations(Set<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<UUID, Long> lastSeqs = new HashMap<>();
		this.jdbc.sql(LOCK_CONVERSATIONS)
			.param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
			.query(rs -> {
				lastSeqs.put(rs.getObject("id", UUID.class), rs.getLong("last_seq"));
			});
		return lastSeqs;
	}

	/** The pairs among {@code asked} where the user is a member of the conversation. */
	Set<Membership> memberships(List<Membership> asked) {
		if (asked.isEmpty()) {
			return Set.of();
		}
		return Set.copyOf(this.jdbc.sql(MEMBERSHIPS)
			.param("conversationIds", asked.stream().map(m -> m.conversationId().toString()).toArray(String[]::new))
			.param("userIds", asked.stream().map(Membership::userId).toArray(String[]::new))
			.query((rs, row) -> new Membership(rs.getObject("conversation_id", UUID.class), rs.getString("user_id")))
			.list());
	}

	/**
	 * Inserts the messages and moves each conversation's {@code last_seq} to its newest
	 * one.
	 */
	void insert(List<MessageCreated> messages) {
		if (messages.isEmpty()) {
			return;
		}
		String[] conversationIds = messages.stream().map(m -> m.conversationId().toString()).toArray(String[]::new);
		Long[] seqs = messages.stream().map(MessageCreated::seq).toArray(Long[]::new);
		this.jdbc.sql(INSERT)
			.param("ids", messages.stream().map(m -> m.messageId().toString()).toArray(String[]::new))
			.param("conversationIds", conversationIds)
			.param("seqs", seqs)
			.param("senderIds", messages.stream().map(MessageCreated::senderId).toArray(String[]::new))
			.param("clientMessageIds",
					messages.stream().map(m -> m.clientMessageId().toString()).toArray(String[]::new))
			.param("bodies", messages.stream().map(MessageCreated::text).toArray(String[]::new))
			.param("createdAts", messages.stream().map(m -> m.createdAt().toString()).toArray(String[]::new))
			.update();
		this.jdbc.sql(ADVANCE_SEQS).param("conversationIds", conversationIds).param("seqs", seqs).update();
	}

	List<MessageCreated> after(UUID conversationId, long afterSeq, int limit) {
		return this.jdbc.sql(AFTER)
			.param("conversationId", conversationId)
			.param("seq", afterSeq)
			.param("limit", limit)
			.query(Messages::row)
			.list();
	}

	/** Newest first. */
	List<MessageCreated> before(UUID conversationId, long beforeSeq, int limit) {
		return this.jdbc.sql(BEFORE)
			.param("conversationId", conversationId)
			.param("seq", beforeSeq)
			.param("limit", limit)
			.query(Messages::row)
			.list();
	}

	private static MessageCreated row(ResultSet rs, int row) throws SQLException {
		return new MessageCreated(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
				rs.getLong("seq"), rs.getString("sender_id"), rs.getObject("client_message_id", UUID.class),
				rs.getString("body"), rs.getTimestamp("created_at").toInstant());
	}

}
