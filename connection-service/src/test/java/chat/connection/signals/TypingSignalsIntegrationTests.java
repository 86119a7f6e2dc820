package chat.connection.signals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.UUID;
import java.util.function.Predicate;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.client.ClientError;
import chat.contracts.presence.SetTyping;
import chat.contracts.receipt.AdvanceReceipt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static chat.connection.StompTestClient.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * {@code SEND /app/conversations/{cid}/typing}: a member's frame becomes one
 * {@link SetTyping} command keyed by conversation; typing on and off beyond the per-user
 * rate is dropped silently and counted; a bad frame or a non-member gets an error on
 * {@code /user/queue/errors} and produces nothing.
 *
 * <p>
 * Frames of one session are handled in order and commands of one conversation share a
 * partition, so a {@code {"typing": false}} sent last (within the rate) marks the end: a
 * command of any earlier frame would come before it.
 */
class TypingSignalsIntegrationTests extends EdgeIntegrationSupport {

	/** {@code chat.edge.typing-rate-per-second}, left at its default. */
	private static final int TYPING_RATE = 4;

	@Test
	void typingOnAndOffEachBecomeExactlyOneSetTypingCommand() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice, newUser("bob"));
		StompTestClient client = connectWithQueues(alice);

		client.sendTyping(conversationId, true);
		client.sendTyping(conversationId, false);

		List<ConsumerRecord<String, byte[]>> records = typingCommandsOf(conversationId, untilTypingOff());
		assertThat(records).extracting(TypingSignalsIntegrationTests::setTyping)
			.extracting(SetTyping::conversationId, SetTyping::userId, SetTyping::typing)
			.containsExactly(tuple(conversationId, alice, true), tuple(conversationId, alice, false));
		assertThat(records).allSatisfy(record -> assertWrittenByTheEdge(record, setTyping(record)));
		assertThat(records).extracting(record -> setTyping(record).commandId()).doesNotHaveDuplicates();
		assertThat(client.errors()).isEmpty();
	}

	@Test
	void typingBeyondThePerUserRateIsDroppedSilentlyAndCounted() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice, newUser("bob"));
		StompTestClient client = connectWithQueues(alice);
		int frames = 5 * TYPING_RATE;
		double shedBefore = metric(scrape(), "chat_edge_typing_shed_total", "");

		for (int i = 0; i < frames; i++) {
			client.sendTyping(conversationId, true);
		}
		// Typing off is limited too: repeat it until one passes (the bucket refills a
		// token every 1/rate s), as a client's next keystroke pause would.
		AtomicInteger offs = new AtomicInteger();
		List<ConsumerRecord<String, byte[]>> records = await("a typing off passes").atMost(KAFKA_TIMEOUT)
			.pollInterval(Duration.ofMillis(300))
			.until(() -> {
				client.sendTyping(conversationId, false);
				offs.incrementAndGet();
				return typingCommandsOf(conversationId, found -> true);
			}, untilTypingOff());
		List<Boolean> typing = records.stream().map(record -> setTyping(record).typing()).toList();
		long passed = typing.stream().filter(Boolean::booleanValue).count();
		// the burst (one second's worth) passes; a few more may refill while the frames
		// arrive
		assertThat(passed).isGreaterThanOrEqualTo(TYPING_RATE).isLessThan(frames);
		assertThat(typing.subList(0, (int) passed)).containsOnly(true);
		assertThat(metric(scrape(), "chat_edge_typing_shed_total", "") - shedBefore)
			.isEqualTo(frames + offs.get() - records.size());
		assertThat(client.errors()).isEmpty();
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void badTypingFramesGetAnErrorAndNoCommand() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);
		String destination = signal(conversationId, "typing");

		client.send(destination, "not json");
		client.send(destination, "{}");
		client.send(destination, "{\"typing\":\"maybe\"}");
		client.sendTyping("not-a-uuid", true);
		client.sendTyping(conversationId, false);

		await("4 errors").atMost(KAFKA_TIMEOUT).until(() -> client.errors().size() >= 4);
		assertThat(client.errors()).extracting(ClientError::code, ClientError::destination)
			.containsExactly(tuple(ErrorCode.INVALID, destination), tuple(ErrorCode.INVALID, destination),
					tuple(ErrorCode.INVALID, destination), tuple(ErrorCode.NOT_FOUND, signal("not-a-uuid", "typing")));
		assertThat(client.errors()).allSatisfy(error -> assertThat(error.message()).isNotBlank());
		assertThat(typingCommandsOf(conversationId, untilTypingOff())).extracting(record -> setTyping(record).typing())
			.containsExactly(false);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void signalsOfANonMemberGetAnErrorAndProduceNoCommand() {
		String alice = newUser("alice");
		String bob = newUser("bob");
		UUID theirs = conversationOf(bob, newUser("carol"));
		UUID unknown = UUID.randomUUID();
		StompTestClient aliceClient = connectWithQueues(alice);

		aliceClient.sendTyping(theirs, true);
		aliceClient.sendDelivered(theirs, 1);
		aliceClient.sendRead(theirs, 1);
		aliceClient.sendTyping(unknown, true);

		// Neither the cache (alice is not in the known member set, or the conversation is
		// unknown) nor the
		// message service (down here) confirms membership, so the edge refuses, asking to
		// retry.
		await("4 errors").atMost(KAFKA_TIMEOUT).until(() -> aliceClient.errors().size() >= 4);
		assertThat(aliceClient.errors()).extracting(ClientError::code, ClientError::destination)
			.containsExactly(tuple(ErrorCode.INTERNAL, signal(theirs, "typing")),
					tuple(ErrorCode.INTERNAL, signal(theirs, "delivered")),
					tuple(ErrorCode.INTERNAL, signal(theirs, "read")),
					tuple(ErrorCode.INTERNAL, signal(unknown, "typing")));

		// Alice's frames were handled before her errors were sent; a member's signals now
		// mark the end.
		StompTestClient bobClient = connect(bob);
		bobClient.sendTyping(theirs, false);
		bobClient.sendRead(theirs, 1);
		assertThat(typingCommandsOf(theirs, untilTypingOff())).extracting(record -> setTyping(record).userId())
			.containsExactly(bob);
		assertThat(recordsOf(Topics.RECEIPT_COMMANDS, theirs.toString(), found -> !found.isEmpty()))
			.extracting(record -> KafkaRecords.value(record, AdvanceReceipt.class).userId())
			.containsExactly(bob);
		// Once alice is known as a member of the formerly unknown conversation, her
		// signals pass.
		conversationOf(unknown, alice);
		aliceClient.sendTyping(unknown, false);
		assertThat(typingCommandsOf(unknown, untilTypingOff())).extracting(TypingSignalsIntegrationTests::setTyping)
			.extracting(SetTyping::userId, SetTyping::typing)
			.containsExactly(tuple(alice, false));
		assertThat(aliceClient.errors()).hasSize(4);
	}

	private List<ConsumerRecord<String, byte[]>> typingCommandsOf(UUID conversationId,
			Predicate<List<ConsumerRecord<String, byte[]>>> until) {
		return recordsOf(Topics.TYPING_COMMANDS, conversationId.toString(), until);
	}

	private static Predicate<List<ConsumerRecord<String, byte[]>>> untilTypingOff() {
		return found -> found.stream().anyMatch(record -> !setTyping(record).typing());
	}

	private static SetTyping setTyping(ConsumerRecord<String, byte[]> record) {
		return KafkaRecords.value(record, SetTyping.class);
	}

}
