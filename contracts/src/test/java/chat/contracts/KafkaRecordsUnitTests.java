package chat.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import chat.contracts.message.MessageCreated;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KafkaRecordsUnitTests {

	final MessageCreated created = new MessageCreated(UUID.randomUUID(), UUID.randomUUID(), 7, "alice",
			UUID.randomUUID(), "hi", Instant.parse("2026-11-26T10:15:30.187Z"));

	@Test
	void recordCarriesCloudEventsHeadersAndTheAggregateKey() {
		ProducerRecord<String, byte[]> record = KafkaRecords.record(Topics.MESSAGES, "message-service", this.created);

		assertThat(record.key()).isEqualTo(this.created.conversationId().toString());
		assertThat(header(record, KafkaRecords.CE_SPECVERSION)).isEqualTo("1.0");
		assertThat(header(record, KafkaRecords.CE_ID)).isEqualTo(this.created.messageId().toString());
		assertThat(header(record, KafkaRecords.CE_TYPE)).isEqualTo("chat.message.created.v1");
		assertThat(header(record, KafkaRecords.CE_SOURCE)).isEqualTo("message-service");
		assertThat(header(record, KafkaRecords.CE_TIME)).isEqualTo("2026-11-26T10:15:30.187Z");
		assertThat(header(record, KafkaRecords.CONTENT_TYPE)).isEqualTo("application/json");
		assertThat(record.headers().toArray()).extracting(Header::key).doesNotContain("__TypeId__");
		assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("chat.contracts");
	}

	@Test
	void valueReadsBackWhatWasWritten() {
		ProducerRecord<String, byte[]> sent = KafkaRecords.record(Topics.MESSAGES, "message-service", this.created);

		assertThat(KafkaRecords.value(consumed(sent.value()), MessageCreated.class)).isEqualTo(this.created);
	}

	@Test
	void valueThatIsNotJsonIsAMalformedRecord() {
		assertThatExceptionOfType(MalformedRecord.class)
			.isThrownBy(
					() -> KafkaRecords.value(consumed("{oops".getBytes(StandardCharsets.UTF_8)), MessageCreated.class))
			.withMessageContaining(Topics.MESSAGES + "-0@5");
		assertThatExceptionOfType(MalformedRecord.class)
			.isThrownBy(() -> KafkaRecords.value(consumed(null), MessageCreated.class));
	}

	static ConsumerRecord<String, byte[]> consumed(byte[] value) {
		return new ConsumerRecord<>(Topics.MESSAGES, 0, 5, "k", value);
	}

	static String header(ProducerRecord<?, ?> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
