package chat.message.outbox;

import java.sql.Timestamp;
import java.util.List;

import chat.contracts.ChatJson;
import chat.contracts.ChatRecord;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: events written in the same transaction as the change they
 * describe, and published to Kafka afterwards by {@link OutboxRelay}.
 */
@Repository
public class Outbox {

	private static final String INSERT = """
			INSERT INTO outbox (topic, event_type, payload, created_at) VALUES (:topic, :type, :payload, :createdAt)
			""";

	private static final String OLDEST = """
			SELECT id, topic, event_type, payload FROM outbox ORDER BY id LIMIT :limit
			""";

	private static final String DELETE = """
			DELETE FROM outbox WHERE id IN (:ids)
			""";

	private static final String DEAD_LETTER = """
			WITH moved AS (DELETE FROM outbox WHERE id = :id RETURNING id, topic, event_type, payload, created_at)
			INSERT INTO outbox_dead_letters (id, topic, event_type, payload, created_at, failed_at, failure)
			SELECT id, topic, event_type, payload, created_at, now(), :failure FROM moved
			""";

	private static final String SINGLE_RELAY = """
			SELECT pg_try_advisory_xact_lock(:lock)
			""";

	/** Advisory lock id that lets one relay at a time publish, in id order. */
	private static final long RELAY_LOCK = 0x6f7574626f78L;

	private final JdbcClient jdbc;

	Outbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Adds an event; must run inside the transaction of the change it describes. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void add(String topic, ChatRecord event) {
		this.jdbc.sql(INSERT)
			.param("topic", topic)
			.param("type", event.type())
			.param("payload", ChatJson.mapper().writeValueAsString(event))
			.param("createdAt", Timestamp.from(event.occurredAt()))
			.update();
	}

	record Entry(long id, String topic, String type, String payload) {
	}

	/**
	 * Takes the relay lock for the current transaction; false when another relay holds
	 * it.
	 */
	boolean lockForRelay() {
		return Boolean.TRUE.equals(this.jdbc.sql(SINGLE_RELAY).param("lock", RELAY_LOCK).query(Boolean.class).single());
	}

	List<Entry> oldest(int limit) {
		return this.jdbc.sql(OLDEST)
			.param("limit", limit)
			.query((rs, row) -> new Entry(rs.getLong("id"), rs.getString("topic"), rs.getString("event_type"),
					rs.getString("payload")))
			.list();
	}

	/**
	 * Moves an entry that can never be published to {@code outbox_dead_letters}, with the
	 * type of the failure (not its message: it may quote the payload).
	 */
	void deadLetter(Entry entry, Throwable failure) {
		this.jdbc.sql(DEAD_LETTER).param("id", entry.id()).param("failure", failure.getClass().getName()).update();
	}

	/**
	 * Deletes exactly these entries. Not "up to the last id": ids are taken at insert but
	 * become visible at commit, so an entry with a smaller id may have committed after
	 * {@link #oldest(int)} read, unpublished.
	 */
	void delete(List<Entry> entries) {
		this.jdbc.sql(DELETE).param("ids", entries.stream().map(Entry::id).toList()).update();
	}

}
