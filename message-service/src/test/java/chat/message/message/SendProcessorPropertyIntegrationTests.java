package chat.message.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import chat.contracts.message.MessageCreated;
import chat.contracts.message.SendMessage;
import chat.message.IntegrationTestSupport;
import chat.message.conversation.ConversationService;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Property: whatever mix of new sends, client retries (same clientMessageId, new command)
 * and Kafka redeliveries (the very same command) reaches {@link SendProcessor}, split
 * into batches in any way, each send is stored exactly once, seqs run 1..n without gaps
 * in first-arrival order, and every outcome of one send is the same message.
 */
class SendProcessorPropertyIntegrationTests extends IntegrationTestSupport {

	private static final int SENDERS = 3;

	@Autowired
	SendProcessor processor;

	@Autowired
	ConversationService conversations;

	/**
	 * What the edge does next: a new send, a retry of an earlier send, or a redelivery of
	 * an earlier command.
	 */
	enum Kind {

		NEW, RETRY, REDELIVERY

	}

	record Step(int sender, Kind kind, int pick) {
	}

	record Scenario(List<Step> steps, List<Integer> batchSizes) {
	}

	record Key(String senderId, UUID clientMessageId) {

		static Key of(SendMessage command) {
			return new Key(command.senderId(), command.clientMessageId());
		}

	}

	@Test
	void anyMixOfSendsRetriesAndRedeliveriesInAnyBatchesStoresEachSendOnceWithGapFreeSeqs() {
		qt().withExamples(50).withShrinkCycles(30).forAll(scenarios()).checkAssert(this::holds);
	}

	private void holds(Scenario scenario) {
		List<String> senders = new ArrayList<>();
		for (int i = 0; i < SENDERS; i++) {
			senders.add(user("sender" + i));
		}
		UUID conversation = this.conversations.create(senders.get(0), "property", senders.subList(1, SENDERS)).id();
		List<SendMessage> commands = commands(scenario.steps(), conversation, senders);

		List<SendProcessor.Outcome> outcomes = new ArrayList<>();
		int next = 0;
		for (int batch = 0; next < commands.size(); batch++) {
			int size = scenario.batchSizes().get(batch % scenario.batchSizes().size());
			List<SendMessage> slice = commands.subList(next, Math.min(commands.size(), next + size));
			outcomes.addAll(this.processor.process(slice));
			next += slice.size();
		}

		assertThat(outcomes).hasSameSizeAs(commands);
		assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.event()).isInstanceOf(MessageCreated.class));
		Map<Key, MessageCreated> firstOutcome = new LinkedHashMap<>();
		for (int i = 0; i < commands.size(); i++) {
			SendMessage command = commands.get(i);
			MessageCreated created = (MessageCreated) outcomes.get(i).event();
			MessageCreated earlier = firstOutcome.putIfAbsent(Key.of(command), created);
			if (earlier == null) {
				assertThat(outcomes.get(i).duplicate()).as("first outcome of %s", Key.of(command)).isFalse();
				assertThat(created.text()).isEqualTo(command.text());
				assertThat(created.senderId()).isEqualTo(command.senderId());
				assertThat(created.clientMessageId()).isEqualTo(command.clientMessageId());
			}
			else {
				assertThat(outcomes.get(i).duplicate()).as("later outcome of %s", Key.of(command)).isTrue();
				assertThat(created).as("later outcome of %s", Key.of(command)).isEqualTo(earlier);
			}
		}
		int n = firstOutcome.size();
		List<Long> gapFree = LongStream.rangeClosed(1, n).boxed().toList();
		assertThat(firstOutcome.values()).map(MessageCreated::seq).containsExactlyElementsOf(gapFree);

		List<MessageCreated> rows = this.jdbc.sql("""
				SELECT id, seq, sender_id, client_message_id, body, created_at
				FROM messages WHERE conversation_id = :id ORDER BY seq
				""")
			.param("id", conversation)
			.query((rs, row) -> new MessageCreated(rs.getObject("id", UUID.class), conversation, rs.getLong("seq"),
					rs.getString("sender_id"), rs.getObject("client_message_id", UUID.class), rs.getString("body"),
					rs.getTimestamp("created_at").toInstant()))
			.list();
		assertThat(rows).containsExactlyElementsOf(firstOutcome.values());
		assertThat(lastSeq(conversation)).isEqualTo(n);
	}

	/** Turns steps into the command stream the edge and Kafka would deliver. */
	private static List<SendMessage> commands(List<Step> steps, UUID conversation, List<String> senders) {
		List<SendMessage> delivered = new ArrayList<>();
		List<SendMessage> originals = new ArrayList<>();
		for (Step step : steps) {
			String sender = senders.get(step.sender());
			List<SendMessage> mine = originals.stream().filter(c -> c.senderId().equals(sender)).toList();
			SendMessage command;
			if (step.kind() == Kind.RETRY && !mine.isEmpty()) {
				SendMessage original = mine.get(step.pick() % mine.size());
				command = new SendMessage(UUID.randomUUID(), Instant.now(), conversation, sender,
						original.clientMessageId(), original.text());
			}
			else if (step.kind() == Kind.REDELIVERY && !delivered.isEmpty()) {
				command = delivered.get(step.pick() % delivered.size());
			}
			else {
				command = new SendMessage(UUID.randomUUID(), Instant.now(), conversation, sender, UUID.randomUUID(),
						"message " + originals.size() + " from " + sender);
				originals.add(command);
			}
			delivered.add(command);
		}
		return delivered;
	}

	private static Gen<Scenario> scenarios() {
		Gen<Kind> kinds = integers().between(0, 9)
			.map(i -> (i < 5) ? Kind.NEW : (i < 8) ? Kind.RETRY : Kind.REDELIVERY);
		Gen<Step> steps = integers().between(0, SENDERS - 1).zip(kinds, integers().between(0, 1000), Step::new);
		return lists().of(steps)
			.ofSizeBetween(1, 40)
			.zip(lists().of(integers().between(1, 8)).ofSizeBetween(1, 4), Scenario::new)
			.describedAs(scenario -> scenario.steps().size() + " steps " + scenario.steps() + " in batches of "
					+ scenario.batchSizes());
	}

}
