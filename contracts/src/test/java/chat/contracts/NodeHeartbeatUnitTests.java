package chat.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.NodeHeartbeat.LiveSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

class NodeHeartbeatUnitTests {

	private static final Instant AT = Instant.parse("2026-12-02T22:00:00Z");

	@Test
	void aHeartbeatIsSplitIntoOrderedPartsOfAtMostAThousandSessionsThatTogetherHoldEverySession() {
		qt().withExamples(40).forAll(integers().between(0, 4_500)).checkAssert(count -> {
			List<LiveSession> sessions = sessions(count, "user-");
			List<LiveSession> shuffled = new ArrayList<>(sessions);
			Collections.shuffle(shuffled, new Random(count));
			List<NodeHeartbeat> parts = NodeHeartbeat.of(AT, "edge-1", shuffled);

			int expected = Math.max(1, (count + 999) / 1000);
			assertThat(parts).hasSize(expected);
			assertThat(parts).extracting(NodeHeartbeat::part)
				.containsExactlyElementsOf(IntStream.rangeClosed(1, expected).boxed().toList());
			assertThat(parts).allSatisfy(part -> {
				assertThat(part.parts()).isEqualTo(expected);
				assertThat(part.occurredAt()).isEqualTo(AT);
				assertThat(part.nodeId()).isEqualTo("edge-1");
				assertThat(part.sessions()).hasSizeLessThanOrEqualTo(NodeHeartbeat.MAX_SESSIONS_PER_PART);
			});
			assertThat(parts.stream().flatMap(part -> part.sessions().stream()).toList())
				.isEqualTo(sessions.stream().sorted(Comparator.comparing(LiveSession::sessionId)).toList());
			assertThat(parts).extracting(NodeHeartbeat::eventId).doesNotHaveDuplicates();
		});
	}

	@Test
	void aPartOfTheLongestUserIdsStaysFarBelowKafkasOneMegabyteRecordLimit() {
		List<NodeHeartbeat> parts = NodeHeartbeat.of(AT, "edge-1", sessions(15_000, "u".repeat(250)));

		assertThat(parts).hasSize(15);
		assertThat(parts)
			.allSatisfy(part -> assertThat(ChatJson.mapper().writeValueAsBytes(part).length).isLessThan(512 * 1024));
	}

	@Test
	void aHeartbeatFromBeforePartsIsOnePartOfOne() {
		NodeHeartbeat old = ChatJson.mapper()
			.readValue(
					"{\"eventId\":\"c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f\",\"occurredAt\":\"2026-11-26T10:00:05Z\","
							+ "\"nodeId\":\"edge-1\",\"sessions\":[{\"userId\":\"alice\",\"sessionId\":\"s-1\"}]}",
					NodeHeartbeat.class);

		assertThat(old.part()).isEqualTo(1);
		assertThat(old.parts()).isEqualTo(1);
	}

	private static List<LiveSession> sessions(int count, String userPrefix) {
		return IntStream.range(0, count)
			.mapToObj(i -> new LiveSession(userPrefix + i, String.format("session-%06d", i)))
			.toList();
	}

}
