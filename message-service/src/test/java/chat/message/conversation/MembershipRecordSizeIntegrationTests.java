package chat.message.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import chat.contracts.ChatJson;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.message.IntegrationTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

/**
 * The largest membership record the service can ever write fits the conversations topic:
 * a conversation at the absolute member cap, every member a participant, every user id of
 * the longest allowed length made of characters that cost the most bytes in JSON.
 * Measured the way the producer measures it, against the limit the running broker holds
 * for the topic the service declared, and then actually written to that topic.
 */
class MembershipRecordSizeIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private ProducerFactory<String, byte[]> producers;

	/**
	 * Why 3 bytes per character is the worst case: a valid user id (no control
	 * characters, no unpaired surrogates) costs at most 3 bytes per UTF-16 char in the
	 * record's JSON, whatever it holds (quotes and backslashes 2, BMP up to 3, a
	 * surrogate pair 4 for 2 chars).
	 */
	@Test
	void aValidUserIdCostsAtMostThreeBytesPerCharacterInJson() {
		// code points that may appear in a valid id (controls and surrogates become 'x'),
		// up to 64 of them: at most 128 UTF-16 chars
		Gen<String> ids = SourceDSL.lists()
			.of(SourceDSL.integers()
				.between(0x20, Character.MAX_CODE_POINT)
				.map(point -> (point >= 0x7F && point <= 0x9F)
						|| (point >= Character.MIN_SURROGATE && point <= Character.MAX_SURROGATE) ? 'x' : point))
			.ofSizeBetween(1, ConversationMembersChanged.MAX_USER_ID_LENGTH / 2)
			.map(points -> points.stream()
				.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
				.toString())
			.assuming(ConversationMembersChanged::validUserId);
		qt().withExamples(2000).forAll(ids).check(id -> jsonBytes(id) <= 3L * id.length() + 2);
	}

	@Test
	void theLargestPossibleMembershipRecordFitsTheTopicAndIsWritten() throws Exception {
		List<String> members = IntStream.range(0, ConversationMembersChanged.MAX_MEMBERS)
			.mapToObj(MembershipRecordSizeIntegrationTests::longestId)
			.toList();
		ConversationMembersChanged largest = new ConversationMembersChanged(UUID.randomUUID(), Instant.now(),
				UUID.randomUUID(), Long.MAX_VALUE, members, members);
		ProducerRecord<String, byte[]> record = KafkaRecords.record(Topics.CONVERSATIONS, "message-service", largest);
		int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
				record.key().getBytes(StandardCharsets.UTF_8), record.value(), record.headers().toArray());

		int topicLimit = topicMaxMessageBytes();
		int producerLimit = Integer.parseInt(String.valueOf(this.producers.getConfigurationProperties()
			.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024)));
		System.out.printf(
				"largest membership record: %d bytes; topic max.message.bytes %d, producer" + " max.request.size %d%n",
				size, topicLimit, producerLimit);
		assertThat(largest.memberIds()).hasSize(1000).allSatisfy(id -> assertThat(id).hasSize(128));
		assertThat(size).isLessThan(topicLimit).isLessThan(producerLimit);

		assertThat(this.kafka.send(record).get(30, TimeUnit.SECONDS).getRecordMetadata().offset()).isNotNegative();
	}

	/** The limit is real: a record just above it is refused by the same producer. */
	@Test
	void aRecordAboveTheLimitIsRefused() {
		ProducerRecord<String, byte[]> tooLarge = new ProducerRecord<>(Topics.CONVERSATIONS,
				UUID.randomUUID().toString(), new byte[1024 * 1024 + 1]);

		assertThatThrownBy(() -> this.kafka.send(tooLarge).get(30, TimeUnit.SECONDS))
			.hasRootCauseInstanceOf(RecordTooLargeException.class);
	}

	/**
	 * User id {@code i}: 128 characters, each 3 bytes in UTF-8, distinct per {@code i}.
	 */
	private static String longestId(int i) {
		return (char) (0x4E00 + i) + "\u20AC".repeat(ConversationMembersChanged.MAX_USER_ID_LENGTH - 1);
	}

	private static long jsonBytes(String id) {
		return ChatJson.mapper().writeValueAsBytes(id).length;
	}

	/**
	 * The effective {@code max.message.bytes} of the conversations topic on the broker.
	 */
	private int topicMaxMessageBytes() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CONVERSATIONS);
			return Integer.parseInt(admin.describeConfigs(List.of(topic))
				.all()
				.get(30, TimeUnit.SECONDS)
				.get(topic)
				.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
				.value());
		}
	}

}
