package chat.message.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.SendMessage;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record that is not a send command goes to the dead-letter topic and does not block
 * its partition.
 */
class PoisonRecordIntegrationTests extends IntegrationTestSupport {

	@Test
	void recordThatIsNotJsonGoesToTheDeadLetterTopicAndLaterCommandsStillGetThrough() throws Exception {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		byte[] poison = "{this is not json".getBytes(StandardCharsets.UTF_8);

		try (TopicReader deadLetters = read(Topics.deadLetter(Topics.MESSAGE_COMMANDS));
				TopicReader messages = read(Topics.MESSAGES)) {
			// same key, so same partition: the poison sits between valid commands
			SendMessage before = command(conversation, alice, UUID.randomUUID(), "before");
			produce(before);
			this.kafka.send(new ProducerRecord<>(Topics.MESSAGE_COMMANDS, conversation.toString(), poison)).get();
			produce(command(conversation, alice, UUID.randomUUID(), "after 1"),
					command(conversation, alice, UUID.randomUUID(), "after 2"));

			List<ConsumerRecord<String, byte[]>> dead = deadLetters.awaitKey(conversation, 1);
			assertThat(dead).hasSize(1);
			assertThat(dead.get(0).value()).isEqualTo(poison);
			assertThat(KafkaRecords.header(dead.get(0), "kafka_dlt-original-topic")).isEqualTo(Topics.MESSAGE_COMMANDS);

			List<MessageCreated> created = messages.awaitKey(conversation, 3)
				.stream()
				.map(record -> KafkaRecords.value(record, MessageCreated.class))
				.toList();
			assertThat(created).map(MessageCreated::text).containsExactly("before", "after 1", "after 2");
			assertThat(created).map(MessageCreated::seq).containsExactly(1L, 2L, 3L);
		}
		assertThat(storedMessages(conversation)).isEqualTo(3);
	}

	@Test
	void commandWithoutItsClientMessageIdGoesToTheDeadLetterTopicAndLaterCommandsStillGetThrough() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		// valid JSON, but the dedupe key is missing: it can never be stored, so retrying
		// it would block the partition
		SendMessage incomplete = command(conversation, alice, null, "no idempotency key");

		try (TopicReader deadLetters = read(Topics.deadLetter(Topics.MESSAGE_COMMANDS));
				TopicReader messages = read(Topics.MESSAGES)) {
			produce(incomplete, command(conversation, alice, UUID.randomUUID(), "after"));

			ConsumerRecord<String, byte[]> dead = deadLetters.awaitKey(conversation, 1).get(0);
			assertThat(KafkaRecords.header(dead, KafkaRecords.CE_ID)).isEqualTo(incomplete.commandId().toString());

			MessageCreated created = KafkaRecords.value(messages.awaitKey(conversation, 1).get(0),
					MessageCreated.class);
			assertThat(created.text()).isEqualTo("after");
			assertThat(created.seq()).isEqualTo(1);
		}
		assertThat(storedMessages(conversation)).isEqualTo(1);
	}

	@Test
	void commandTheDatabaseRefusesIsDeadLetteredAfterBoundedRetriesAndTheCommandsAroundItAreStored() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		// PostgreSQL refuses a NUL character in text, every time: a deterministic failure
		SendMessage refused = command(conversation, "bad\u0000sender", UUID.randomUUID(), "refused");

		try (TopicReader deadLetters = read(Topics.deadLetter(Topics.MESSAGE_COMMANDS));
				TopicReader messages = read(Topics.MESSAGES)) {
			produce(command(conversation, alice, UUID.randomUUID(), "before"), refused,
					command(conversation, alice, UUID.randomUUID(), "after"));

			ConsumerRecord<String, byte[]> dead = deadLetters.awaitKey(conversation, 1).get(0);
			assertThat(KafkaRecords.header(dead, KafkaRecords.CE_ID)).isEqualTo(refused.commandId().toString());
			List<MessageCreated> created = messages.awaitKey(conversation, 2)
				.stream()
				.map(record -> KafkaRecords.value(record, MessageCreated.class))
				.toList();
			assertThat(created).map(MessageCreated::text).containsExactly("before", "after");
		}
		assertThat(storedMessages(conversation)).isEqualTo(2);
	}

}
