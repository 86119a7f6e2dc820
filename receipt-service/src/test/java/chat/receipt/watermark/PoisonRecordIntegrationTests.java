package chat.receipt.watermark;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.receipt.AdvanceReceipt;
import chat.testsupport.TopicReader;
import chat.receipt.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static chat.contracts.receipt.AdvanceReceipt.Kind.DELIVERED;
import static chat.contracts.receipt.AdvanceReceipt.Kind.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record that is not a valid command goes to the dead-letter topic and does not block
 * its partition.
 */
class PoisonRecordIntegrationTests extends IntegrationTestSupport {

	@Test
	void commandThatIsNotJsonGoesToTheDeadLetterTopicAndLaterCommandsStillGetThrough() throws Exception {
		String alice = user("alice");
		String bob = user("bob");
		UUID conversation = conversation(alice, bob);
		messagesStored(conversation, alice, 1, 3);
		byte[] poison = "{this is not json".getBytes(StandardCharsets.UTF_8);

		try (TopicReader deadLetters = read(Topics.deadLetter(Topics.RECEIPT_COMMANDS));
				TopicReader receipts = read(Topics.RECEIPTS)) {
			produce(command(conversation, bob, DELIVERED, 1));
			this.kafka.send(new ProducerRecord<>(Topics.RECEIPT_COMMANDS, conversation.toString(), poison)).get();
			produce(command(conversation, bob, READ, 2));

			ConsumerRecord<String, byte[]> dead = awaitDeadLetter(deadLetters, conversation);
			assertThat(dead.value()).isEqualTo(poison);
			assertThat(KafkaRecords.header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.RECEIPT_COMMANDS);
			awaitReceipt(receipts, conversation, bob, 2, 2);
		}
	}

	@Test
	void commandWithANegativeSeqGoesToTheDeadLetterTopic() {
		String alice = user("alice");
		UUID conversation = conversation(alice);
		messagesStored(conversation, alice, 1, 1);
		AdvanceReceipt negative = new AdvanceReceipt(UUID.randomUUID(), Instant.now(), conversation, alice, READ, -1);

		try (TopicReader deadLetters = read(Topics.deadLetter(Topics.RECEIPT_COMMANDS))) {
			produce(negative);

			ConsumerRecord<String, byte[]> dead = awaitDeadLetter(deadLetters, conversation);
			assertThat(KafkaRecords.header(dead, KafkaRecords.CE_ID)).isEqualTo(negative.commandId().toString());
		}
	}

	private static ConsumerRecord<String, byte[]> awaitDeadLetter(TopicReader deadLetters, UUID conversation) {
		return await().atMost(PATIENCE)
			.until(() -> deadLetters.poll(record -> conversation.toString().equals(record.key())), r -> !r.isEmpty())
			.get(0);
	}

}
