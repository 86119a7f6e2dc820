package chat.receipt.watermark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import chat.contracts.receipt.AdvanceReceipt;
import chat.receipt.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receipts from every member for every message must not become one write each: 10,000
 * commands for 100 (conversation, user) pairs, through Kafka end to end, are stored with
 * far fewer row writes, and the final watermarks are exact.
 */
class CoalescingIntegrationTests extends IntegrationTestSupport {

	private static final int CONVERSATIONS = 20;

	private static final int MEMBERS = 5;

	private static final int COMMANDS = 10_000;

	private static final long LAST_SEQ = 60;

	@Test
	void tenThousandCommandsForAHundredMembersAreStoredWithFarFewerWritesAndExactly() {
		Random random = new Random(42);
		List<UUID> conversations = new ArrayList<>();
		List<Member> pairs = new ArrayList<>();
		for (int c = 0; c < CONVERSATIONS; c++) {
			String author = user("author");
			List<String> members = new ArrayList<>(List.of(author));
			for (int m = 0; m < MEMBERS; m++) {
				members.add(user("member"));
			}
			UUID conversation = conversation(members.toArray(String[]::new));
			conversations.add(conversation);
			members.subList(1, members.size()).forEach(member -> pairs.add(new Member(conversation, member)));
			messages(conversation, author, LAST_SEQ, LAST_SEQ);
		}
		await().atMost(PATIENCE).until(() -> conversations.stream().allMatch(c -> lastSeq(c) == LAST_SEQ));

		// Like clients reading along: each member's commands climb, delivered ahead of
		// read, some past the
		// last seq the service knows (clamped); members take turns, as their commands
		// would arrive.
		Map<Member, Long> delivered = new HashMap<>();
		Map<Member, Long> read = new HashMap<>();
		List<AdvanceReceipt> commands = new ArrayList<>(COMMANDS);
		for (int i = 0; i < COMMANDS; i++) {
			Member member = pairs.get(i % pairs.size());
			long step = i / pairs.size();
			boolean isRead = random.nextBoolean();
			long upToSeq = isRead ? step * 2 / 3 : step * 2 / 3 + random.nextInt(3);
			commands.add(new AdvanceReceipt(UUID.randomUUID(), Instant.now(), member.conversationId(), member.userId(),
					isRead ? AdvanceReceipt.Kind.READ : AdvanceReceipt.Kind.DELIVERED, upToSeq));
			delivered.merge(member, Math.min(upToSeq, LAST_SEQ), Math::max);
			if (isRead) {
				read.merge(member, Math.min(upToSeq, LAST_SEQ), Math::max);
			}
		}
		double commandsBefore = counter("chat.receipt.commands");
		double writesBefore = counter("chat.receipt.writes", "cause", "command");

		long started = System.nanoTime();
		produce(commands.toArray(AdvanceReceipt[]::new));
		await().atMost(PATIENCE).until(() -> counter("chat.receipt.commands") - commandsBefore >= COMMANDS);
		long millis = (System.nanoTime() - started) / 1_000_000;

		double consumed = counter("chat.receipt.commands") - commandsBefore;
		double writes = counter("chat.receipt.writes", "cause", "command") - writesBefore;
		System.out.printf("coalescing: %.0f commands -> %.0f writes (ratio %.1f) in %d ms%n", consumed, writes,
				consumed / writes, millis);
		assertThat(consumed).isEqualTo(COMMANDS);
		assertThat(writes).as("row writes for %d commands", COMMANDS).isPositive().isLessThanOrEqualTo(COMMANDS / 5);
		for (Member member : pairs) {
			long expectedRead = read.getOrDefault(member, 0L);
			long expectedDelivered = Math.max(delivered.get(member), expectedRead);
			assertThat(stored(member.conversationId(), member.userId())).as(member.toString())
				.contains(List.of(expectedDelivered, expectedRead));
		}
	}

	private record Member(UUID conversationId, String userId) {
	}

}
