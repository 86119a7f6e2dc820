package chat.receipt.watermark;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Watermarks per (conversation, user) and the last seq per conversation. Every write is
 * one statement for a whole batch (arrays unnested server-side), monotonic, and returns
 * only the rows it changed.
 */
@Repository
class Watermarks {

	/**
	 * One upsert for all members of a batch. Values are clamped to the conversation's
	 * {@code last_seq} (a conversation with no known message clamps everything to 0, so
	 * it is skipped); a row is written only when a watermark grows
	 * ({@code DO UPDATE … WHERE}), so {@code RETURNING} yields exactly the changed rows.
	 * Rows are taken in key order, the same in every transaction, so concurrent batches
	 * cannot deadlock.
	 */
	private static final String ADVANCE = """
			INSERT INTO watermarks AS w (conversation_id, user_id, delivered_up_to_seq, read_up_to_seq, updated_at)
			SELECT a.conversation_id, a.user_id,
			       LEAST(GREATEST(a.delivered_seq, a.read_seq), c.last_seq), LEAST(a.read_seq, c.last_seq), :now
			FROM unnest(CAST(:conversationIds AS uuid[]), CAST(:userIds AS text[]), CAST(:delivered AS bigint[]),
			            CAST(:read AS bigint[])) AS a (conversation_id, user_id, delivered_seq, read_seq)
			JOIN conversations c ON c.conversation_id = a.conversation_id
			WHERE LEAST(GREATEST(a.delivered_seq, a.read_seq), c.last_seq) > 0
			ORDER BY a.conversation_id, a.user_id
			ON CONFLICT (conversation_id, user_id) DO UPDATE
			SET delivered_up_to_seq = GREATEST(w.delivered_up_to_seq, EXCLUDED.delivered_up_to_seq),
			    read_up_to_seq = GREATEST(w.read_up_to_seq, EXCLUDED.read_up_to_seq),
			    updated_at = EXCLUDED.updated_at
			WHERE EXCLUDED.delivered_up_to_seq > w.delivered_up_to_seq OR EXCLUDED.read_up_to_seq > w.read_up_to_seq
			RETURNING w.conversation_id, w.user_id, w.delivered_up_to_seq, w.read_up_to_seq
			""";

	private static final String RAISE_LAST_SEQ = """
			INSERT INTO conversations AS c (conversation_id, last_seq)
			SELECT s.conversation_id, s.last_seq
			FROM unnest(CAST(:conversationIds AS uuid[]), CAST(:lastSeqs AS bigint[])) AS s (conversation_id, last_seq)
			ORDER BY s.conversation_id
			ON CONFLICT (conversation_id) DO UPDATE SET last_seq = EXCLUDED.last_seq
			WHERE EXCLUDED.last_seq > c.last_seq
			""";

	/**
	 * Makes sure each conversation has a row (last seq 0 until a message is seen) and
	 * share-locks the rows until commit, in id order: a receipt batch and a message batch
	 * of the same conversation then run one after the other, so a receipt is either
	 * clamped to the last seq the message batch sets or kept ahead for it to apply.
	 */
	private static final String ENSURE_CONVERSATIONS = """
			INSERT INTO conversations (conversation_id, last_seq)
			SELECT DISTINCT id, 0 FROM unnest(CAST(:ids AS uuid[])) AS ids (id) ORDER BY id
			ON CONFLICT (conversation_id) DO NOTHING
			""";

	private static final String LOCK_CONVERSATIONS = """
			SELECT conversation_id FROM conversations WHERE conversation_id = ANY (CAST(:ids AS uuid[]))
			ORDER BY conversation_id FOR SHARE
			""";

	/**
	 * Keeps the part of each advance above its conversation's last seq, capped at last
	 * seq + max-ahead, monotonic.
	 */
	private static final String KEEP_AHEAD = """
			INSERT INTO receipts_ahead AS r (conversation_id, user_id, delivered_up_to_seq, read_up_to_seq)
			SELECT a.conversation_id, a.user_id,
			       LEAST(GREATEST(a.delivered_seq, a.read_seq), c.last_seq + :maxAhead),
			       LEAST(a.read_seq, c.last_seq + :maxAhead)
			FROM unnest(CAST(:conversationIds AS uuid[]), CAST(:userIds AS text[]), CAST(:delivered AS bigint[]),
			            CAST(:read AS bigint[])) AS a (conversation_id, user_id, delivered_seq, read_seq)
			JOIN conversations c ON c.conversation_id = a.conversation_id
			WHERE GREATEST(a.delivered_seq, a.read_seq) > c.last_seq
			ORDER BY a.conversation_id, a.user_id
			ON CONFLICT (conversation_id, user_id) DO UPDATE
			SET delivered_up_to_seq = GREATEST(r.delivered_up_to_seq, EXCLUDED.delivered_up_to_seq),
			    read_up_to_seq = GREATEST(r.read_up_to_seq, EXCLUDED.read_up_to_seq)
			""";

	/**
	 * Takes every kept-ahead receipt of the conversations (the caller re-keeps the rest).
	 */
	private static final String TAKE_AHEAD = """
			DELETE FROM receipts_ahead WHERE conversation_id = ANY (CAST(:ids AS uuid[]))
			RETURNING conversation_id, user_id, delivered_up_to_seq, read_up_to_seq
			""";

	private static final String OF_CONVERSATION = """
			SELECT conversation_id, user_id, delivered_up_to_seq, read_up_to_seq
			FROM watermarks WHERE conversation_id = :conversationId ORDER BY user_id
			""";

	private static final String UNREAD = """
			SELECT ids.conversation_id, COALESCE(c.last_seq, 0) AS last_seq, COALESCE(w.read_up_to_seq, 0) AS read_up_to_seq
			FROM unnest(CAST(:conversationIds AS uuid[])) AS ids (conversation_id)
			LEFT JOIN conversations c ON c.conversation_id = ids.conversation_id
			LEFT JOIN watermarks w ON w.conversation_id = ids.conversation_id AND w.user_id = :userId
			ORDER BY ids.conversation_id
			""";

	private final JdbcClient jdbc;

	Watermarks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Moves watermarks up, never down, clamped to each conversation's last seq.
	 * @param advances at most one per (conversation, user)
	 * @return the rows that changed, with their new values
	 */
	List<Watermark> advance(Collection<Advance> advances, Instant now) {
		if (advances.isEmpty()) {
			return List.of();
		}
		List<Advance> sorted = advances.stream().sorted(Advance.WRITE_ORDER).toList();
		return this.jdbc.sql(ADVANCE)
			.param("conversationIds", sorted.stream().map(a -> a.conversationId().toString()).toArray(String[]::new))
			.param("userIds", sorted.stream().map(Advance::userId).toArray(String[]::new))
			.param("delivered", sorted.stream().mapToLong(Advance::deliveredUpToSeq).toArray())
			.param("read", sorted.stream().mapToLong(Advance::readUpToSeq).toArray())
			.param("now", Timestamp.from(now))
			.query((rs, row) -> new Watermark(rs.getObject("conversation_id", UUID.class), rs.getString("user_id"),
					rs.getLong("delivered_up_to_seq"), rs.getLong("read_up_to_seq")))
			.list();
	}

	/** Raises each conversation's last seq to the given value when it is higher. */
	void raiseLastSeq(Map<UUID, Long> lastSeqs) {
		if (lastSeqs.isEmpty()) {
			return;
		}
		List<Map.Entry<UUID, Long>> entries = List.copyOf(lastSeqs.entrySet());
		this.jdbc.sql(RAISE_LAST_SEQ)
			.param("conversationIds", entries.stream().map(e -> e.getKey().toString()).toArray(String[]::new))
			.param("lastSeqs", entries.stream().mapToLong(Map.Entry::getValue).toArray())
			.update();
	}

	/**
	 * Creates missing conversation rows and share-locks them all until the transaction
	 * ends.
	 */
	void lockConversations(Collection<UUID> conversationIds) {
		if (conversationIds.isEmpty()) {
			return;
		}
		String[] ids = conversationIds.stream().map(UUID::toString).sorted().toArray(String[]::new);
		this.jdbc.sql(ENSURE_CONVERSATIONS).param("ids", ids).update();
		this.jdbc.sql(LOCK_CONVERSATIONS).param("ids", ids).query((rs, row) -> rs.getString(1)).list();
	}

	/**
	 * Keeps what lies above each conversation's last seq, up to {@code maxAhead} above
	 * it, for {@link #takeAhead} to hand back when messages arrive.
	 */
	void keepAhead(Collection<Advance> advances, long maxAhead) {
		if (advances.isEmpty()) {
			return;
		}
		List<Advance> sorted = advances.stream().sorted(Advance.WRITE_ORDER).toList();
		this.jdbc.sql(KEEP_AHEAD)
			.param("conversationIds", sorted.stream().map(a -> a.conversationId().toString()).toArray(String[]::new))
			.param("userIds", sorted.stream().map(Advance::userId).toArray(String[]::new))
			.param("delivered", sorted.stream().mapToLong(Advance::deliveredUpToSeq).toArray())
			.param("read", sorted.stream().mapToLong(Advance::readUpToSeq).toArray())
			.param("maxAhead", maxAhead)
			.update();
	}

	/** Removes and returns the kept-ahead receipts of the conversations. */
	List<Advance> takeAhead(Collection<UUID> conversationIds) {
		if (conversationIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(TAKE_AHEAD)
			.param("ids", conversationIds.stream().map(UUID::toString).sorted().toArray(String[]::new))
			.query((rs, row) -> new Advance(rs.getObject("conversation_id", UUID.class), rs.getString("user_id"),
					rs.getLong("delivered_up_to_seq"), rs.getLong("read_up_to_seq")))
			.list();
	}

	/** Every stored row of one conversation, by user id. */
	List<Watermark> of(UUID conversationId) {
		return this.jdbc.sql(OF_CONVERSATION)
			.param("conversationId", conversationId)
			.query((rs, row) -> new Watermark(conversationId, rs.getString("user_id"),
					rs.getLong("delivered_up_to_seq"), rs.getLong("read_up_to_seq")))
			.list();
	}

	/**
	 * Last seq and the user's read watermark for each conversation (0 when unknown), by
	 * conversation id.
	 */
	List<ReceiptController.Unread> unread(String userId, Collection<UUID> conversationIds) {
		if (conversationIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql(UNREAD)
			.param("conversationIds", conversationIds.stream().map(UUID::toString).toArray(String[]::new))
			.param("userId", userId)
			.query((rs, row) -> ReceiptController.Unread.of(rs.getObject("conversation_id", UUID.class),
					rs.getLong("last_seq"), rs.getLong("read_up_to_seq")))
			.list();
	}

}
