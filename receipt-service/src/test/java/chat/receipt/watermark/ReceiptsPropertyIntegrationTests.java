package chat.receipt.watermark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import chat.contracts.conversation.ConversationMembersChanged;
import chat.contracts.message.MessageCreated;
import chat.contracts.receipt.AdvanceReceipt;
import chat.receipt.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Property, against {@link Receipts} and the database (not through the Kafka listeners,
 * for speed): for any sequence of delivered/read commands with Kafka redeliveries mixed
 * in, processed in any batch split, every watermark only grows, read never passes
 * delivered, exactly the rows that changed are published, and the final state is the
 * per-field maximum clamped to the last seq (read implies delivered). Replaying the whole
 * sequence twice more, split differently, writes no row and publishes nothing.
 */
class ReceiptsPropertyIntegrationTests extends IntegrationTestSupport {

	private static final int READERS = 2;

	@Autowired
	Receipts receipts;

	record Command(int reader, AdvanceReceipt.Kind kind, int upToSeq) {
	}

	/**
	 * The next record on the command topic: a new command, or a redelivery of an earlier
	 * record.
	 */
	record Step(Command command, boolean redelivery, int pick) {
	}

	record Scenario(int lastSeq, List<Step> steps, List<Integer> batchSizes, List<Integer> replayBatchSizes) {
	}

	/**
	 * A member's stored row: its watermarks and {@code xmin}, which changes whenever the
	 * row is written.
	 */
	record Row(long delivered, long read, String version) {
	}

	@Test
	void anyCommandsRedeliveriesAndReplaysEndAtThePerFieldMaximumClampedToTheLastSeq() {
		qt().withExamples(100).withShrinkCycles(20).forAll(scenarios()).checkAssert(this::holds);
	}

	private void holds(Scenario scenario) {
		String author = user("author");
		List<String> readers = List.of(user("reader0"), user("reader1"));
		UUID conversation = UUID.randomUUID();
		this.memberships.apply(new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), conversation, 1,
				List.of(author, readers.get(0), readers.get(1))));
		if (scenario.lastSeq() > 0) {
			this.receipts.messagesCreated(List.of(new MessageCreated(UUID.randomUUID(), conversation,
					scenario.lastSeq(), author, UUID.randomUUID(), "newest", Instant.now())));
		}
		List<AdvanceReceipt> records = records(scenario.steps(), conversation, readers);

		Map<String, Row> before = rows(conversation);
		for (List<AdvanceReceipt> batch : split(records, scenario.batchSizes())) {
			Receipts.Outcome outcome = this.receipts.advance(batch);
			Map<String, Row> after = rows(conversation);

			assertThat(outcome.processed()).isEqualTo(batch.size());
			for (String reader : readers) {
				Row was = before.getOrDefault(reader, new Row(0, 0, null));
				Row now = after.getOrDefault(reader, new Row(0, 0, null));
				assertThat(now.read()).as("read <= delivered <= last seq").isLessThanOrEqualTo(now.delivered());
				assertThat(now.delivered()).isLessThanOrEqualTo(scenario.lastSeq());
				assertThat(now.delivered()).as("delivered never moves back").isGreaterThanOrEqualTo(was.delivered());
				assertThat(now.read()).as("read never moves back").isGreaterThanOrEqualTo(was.read());
			}
			assertThat(outcome.published()).as("one event per changed row, with its new values")
				.map(event -> event.userId() + "=" + event.deliveredUpToSeq() + "/" + event.readUpToSeq())
				.containsExactlyInAnyOrderElementsOf(changed(before, after));
			before = after;
		}

		for (String reader : readers) {
			long delivered = records.stream()
				.filter(record -> record.userId().equals(reader))
				.mapToLong(AdvanceReceipt::upToSeq)
				.max()
				.orElse(0);
			long read = records.stream()
				.filter(record -> record.userId().equals(reader) && record.kind() == AdvanceReceipt.Kind.READ)
				.mapToLong(AdvanceReceipt::upToSeq)
				.max()
				.orElse(0);
			Row row = before.getOrDefault(reader, new Row(0, 0, null));
			assertThat(List.of(row.delivered(), row.read())).as(reader)
				.containsExactly(Math.min(delivered, scenario.lastSeq()), Math.min(read, scenario.lastSeq()));
		}
		if (scenario.lastSeq() > 0) {
			assertThat(before.get(author)).extracting(Row::delivered, Row::read)
				.containsExactly((long) scenario.lastSeq(), (long) scenario.lastSeq());
		}

		for (int replay = 0; replay < 2; replay++) {
			for (List<AdvanceReceipt> batch : split(records, scenario.replayBatchSizes())) {
				assertThat(this.receipts.advance(batch).published()).as("events of a replay").isEmpty();
			}
		}
		assertThat(rows(conversation)).as("rows after replaying everything twice").isEqualTo(before);
	}

	/**
	 * The records the command topic would deliver: new commands and redeliveries of
	 * earlier records.
	 */
	private static List<AdvanceReceipt> records(List<Step> steps, UUID conversation, List<String> readers) {
		List<AdvanceReceipt> records = new ArrayList<>();
		for (Step step : steps) {
			if (step.redelivery() && !records.isEmpty()) {
				records.add(records.get(step.pick() % records.size()));
			}
			else {
				Command command = step.command();
				records.add(new AdvanceReceipt(UUID.randomUUID(), Instant.now(), conversation,
						readers.get(command.reader()), command.kind(), command.upToSeq()));
			}
		}
		return records;
	}

	private static List<List<AdvanceReceipt>> split(List<AdvanceReceipt> records, List<Integer> sizes) {
		List<List<AdvanceReceipt>> batches = new ArrayList<>();
		int next = 0;
		for (int batch = 0; next < records.size(); batch++) {
			int size = sizes.get(batch % sizes.size());
			batches.add(records.subList(next, Math.min(records.size(), next + size)));
			next += size;
		}
		return batches;
	}

	private Map<String, Row> rows(UUID conversation) {
		return this.jdbc.sql("""
				SELECT user_id, delivered_up_to_seq, read_up_to_seq, xmin::text AS version
				FROM watermarks WHERE conversation_id = :id
				""")
			.param("id", conversation)
			.query((rs, row) -> Map.entry(rs.getString("user_id"),
					new Row(rs.getLong("delivered_up_to_seq"), rs.getLong("read_up_to_seq"), rs.getString("version"))))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
	}

	/**
	 * {@code user=delivered/read} of every row that is new or was written between two
	 * snapshots.
	 */
	private static Set<String> changed(Map<String, Row> before, Map<String, Row> after) {
		return after.entrySet()
			.stream()
			.filter(entry -> !entry.getValue().equals(before.get(entry.getKey())))
			.map(entry -> entry.getKey() + "=" + entry.getValue().delivered() + "/" + entry.getValue().read())
			.collect(Collectors.toSet());
	}

	private static Gen<Scenario> scenarios() {
		Gen<AdvanceReceipt.Kind> kinds = integers().between(0, 1)
			.map(i -> (i == 0) ? AdvanceReceipt.Kind.DELIVERED : AdvanceReceipt.Kind.READ);
		Gen<Command> commands = integers().between(0, READERS - 1).zip(kinds, integers().between(0, 15), Command::new);
		Gen<Step> steps = commands.zip(integers().between(0, 9), integers().between(0, 1000),
				(command, mode, pick) -> new Step(command, mode >= 8, pick));
		return integers().between(0, 12)
			.zip(lists().of(steps).ofSizeBetween(1, 30), lists().of(integers().between(1, 6)).ofSizeBetween(1, 4),
					lists().of(integers().between(1, 30)).ofSizeBetween(1, 3), Scenario::new)
			.describedAs(scenario -> "last seq " + scenario.lastSeq() + ", " + scenario.steps().size() + " steps "
					+ scenario.steps() + " in batches of " + scenario.batchSizes() + ", replayed in batches of "
					+ scenario.replayBatchSizes());
	}

}
