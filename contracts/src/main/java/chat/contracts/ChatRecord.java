package chat.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A command or event carried by a chat topic. Its identity and type travel as CloudEvents
 * headers ({@code ce_id}, {@code ce_type}, {@code ce_time}); its JSON is the record's
 * components only.
 */
public interface ChatRecord {

	/**
	 * {@code ce_id}: the same for every re-emission of the same fact, so consumers can
	 * deduplicate.
	 */
	UUID eventId();

	/** {@code ce_time}. */
	Instant occurredAt();

	/** The Kafka key: the aggregate this record belongs to. */
	String key();

	/** {@code ce_type}, with its major version, e.g. {@code chat.message.created.v1}. */
	String type();

}
