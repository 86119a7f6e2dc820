package chat.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import tools.jackson.core.JacksonException;

/**
 * Builds and reads the records of every chat topic: JSON value, key = the record's
 * aggregate, and the CloudEvents Kafka binding (binary mode) in headers. Values are plain
 * bytes for Kafka, so no serializer ever writes a Java class name on the wire.
 */
public final class KafkaRecords {

	public static final String CE_SPECVERSION = "ce_specversion";

	public static final String CE_ID = "ce_id";

	public static final String CE_TYPE = "ce_type";

	public static final String CE_SOURCE = "ce_source";

	public static final String CE_TIME = "ce_time";

	public static final String CONTENT_TYPE = "content-type";

	private KafkaRecords() {
	}

	/**
	 * A record for {@code topic} carrying {@code payload}, written by {@code source} (a
	 * service name).
	 */
	public static ProducerRecord<String, byte[]> record(String topic, String source, ChatRecord payload) {
		Objects.requireNonNull(source, "source");
		Headers headers = new RecordHeaders();
		headers.add(CE_SPECVERSION, utf8("1.0"));
		headers.add(CE_ID, utf8(payload.eventId().toString()));
		headers.add(CE_TYPE, utf8(payload.type()));
		headers.add(CE_SOURCE, utf8(source));
		headers.add(CE_TIME, utf8(payload.occurredAt().toString()));
		headers.add(CONTENT_TYPE, utf8("application/json"));
		return new ProducerRecord<>(topic, null, payload.key(), ChatJson.mapper().writeValueAsBytes(payload), headers);
	}

	/**
	 * The record's value as {@code type}.
	 * @throws MalformedRecord when the value is missing or is not that JSON
	 */
	public static <T> T value(ConsumerRecord<String, byte[]> record, Class<T> type) {
		if (record.value() == null) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(),
					new IllegalArgumentException("null value"));
		}
		try {
			return ChatJson.mapper().readValue(record.value(), type);
		}
		catch (JacksonException ex) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(), ex);
		}
	}

	/** A header's value as text, or {@code null} when the record lacks it. */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
