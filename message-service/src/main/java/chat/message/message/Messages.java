package chat.message.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import chat.contracts.message.MessageCreated;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored messages. Rows are {@link MessageCreated} events: what was stored is exactly what is published. */
@Repository
class Messages {

	private static final String COLUMNS = "id, conversation_id, seq, sender_id, client_message_id, body, created_at";

	private static final String BY_CLIENT_ID = "SELECT " + COLUMNS + """
			 FROM messages WHERE sender_id = :senderId AND client_message_id = :clientMessageId
			""";

	/** The row lock on the conversation serialises seq assignment; the caller holds it until commit. */
	private static final String LOCK_CONVERSATION = """
			SELECT c.last_seq,
			       EXISTS (SELECT 1 FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id = :senderId)
			         AS member
			FROM conversations c WHERE c.id = :conversationId FOR UPDATE
			""";

	private static final String INSERT = """
			INSERT INTO messages (id, conversation_id, seq, sender_id, client_message_id, body, created_at)
			VALUES (:id, :conversationId, :seq, :senderId, :clientMessageId, :body, :createdAt)
			""";

	private static final String ADVANCE_SEQ = """
			UPDATE conversations SET last_seq = :seq WHERE id = :conversationId
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

	Optional<MessageCreated> byClientId(String senderId, UUID clientMessageId) {
		return this.jdbc.sql(BY_CLIENT_ID)
			.param("senderId", senderId)
			.param("clientMessageId", clientMessageId)
			.query(Messages::row)
			.optional();
	}

	/** Where a conversation stands for one sender, with its row locked until the transaction ends. */
	record Slot(long lastSeq, boolean senderIsMember) {
	}

	Optional<Slot> lockConversation(UUID conversationId, String senderId) {
		return this.jdbc.sql(LOCK_CONVERSATION)
			.param("conversationId", conversationId)
			.param("senderId", senderId)
			.query((rs, row) -> new Slot(rs.getLong("last_seq"), rs.getBoolean("member")))
			.optional();
	}

	/** Inserts the message and moves the conversation's {@code last_seq} to it. */
	void insert(MessageCreated message) {
		this.jdbc.sql(INSERT)
			.param("id", message.messageId())
			.param("conversationId", message.conversationId())
			.param("seq", message.seq())
			.param("senderId", message.senderId())
			.param("clientMessageId", message.clientMessageId())
			.param("body", message.text())
			.param("createdAt", Timestamp.from(message.createdAt()))
			.update();
		this.jdbc.sql(ADVANCE_SEQ).param("seq", message.seq()).param("conversationId", message.conversationId()).update();
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
