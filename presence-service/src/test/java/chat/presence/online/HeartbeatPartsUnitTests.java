package chat.presence.online;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.NodeHeartbeat.LiveSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatPartsUnitTests {

	private static final Instant AT = Instant.parse("2026-12-02T22:00:00Z");

	private final HeartbeatParts assembly = new HeartbeatParts();

	@Test
	void aHeartbeatCountsOnceItsLastPartIsInWithTheSessionsOfEveryPart() {
		List<NodeHeartbeat> parts = NodeHeartbeat.of(AT, "edge-1", sessions(2_500));

		assertThat(this.assembly.add(parts.get(0))).isNull();
		assertThat(this.assembly.add(parts.get(1))).isNull();
		Map<String, String> whole = this.assembly.add(parts.get(2));

		assertThat(whole).hasSize(2_500).containsEntry("s-0000", "user-0").containsEntry("s-2499", "user-2499");
	}

	@Test
	void aSinglePartHeartbeatCountsAtOnce() {
		assertThat(this.assembly.add(NodeHeartbeat.of(AT, "edge-1", sessions(3)).get(0))).hasSize(3);
		assertThat(this.assembly.add(NodeHeartbeat.of(AT.plusSeconds(5), "edge-1", List.of()).get(0))).isEmpty();
	}

	@Test
	void aLostPartDropsTheHeartbeatAndTheNextOneCountsWhole() {
		List<NodeHeartbeat> first = NodeHeartbeat.of(AT, "edge-1", sessions(2_500));
		List<NodeHeartbeat> next = NodeHeartbeat.of(AT.plusSeconds(5), "edge-1", sessions(2_500));

		assertThat(this.assembly.add(first.get(0))).isNull();
		assertThat(this.assembly.add(first.get(2))).as("part 2 was lost").isNull();
		assertThat(this.assembly.add(next.get(0))).isNull();
		assertThat(this.assembly.add(next.get(1))).isNull();
		assertThat(this.assembly.add(next.get(2))).hasSize(2_500);
	}

	@Test
	void aNewerHeartbeatReplacesAnUnfinishedOneAndPartsOfTheOldOneAreIgnored() {
		List<NodeHeartbeat> old = NodeHeartbeat.of(AT, "edge-1", sessions(2_500));
		List<NodeHeartbeat> newer = NodeHeartbeat.of(AT.plusSeconds(5), "edge-1", sessions(1_500));

		assertThat(this.assembly.add(old.get(0))).isNull();
		assertThat(this.assembly.add(newer.get(0))).isNull();
		assertThat(this.assembly.add(old.get(1))).as("a part of another heartbeat").isNull();
		assertThat(this.assembly.add(newer.get(1))).as("the newer one lost its place too").isNull();
	}

	@Test
	void nodesAreAssembledApart() {
		List<NodeHeartbeat> one = NodeHeartbeat.of(AT, "edge-1", sessions(1_500));
		List<NodeHeartbeat> two = NodeHeartbeat.of(AT, "edge-2", sessions(1_200));

		assertThat(this.assembly.add(one.get(0))).isNull();
		assertThat(this.assembly.add(two.get(0))).isNull();
		assertThat(this.assembly.add(one.get(1))).hasSize(1_500);
		assertThat(this.assembly.add(two.get(1))).hasSize(1_200);
	}

	private static List<LiveSession> sessions(int count) {
		return IntStream.range(0, count)
			.mapToObj(i -> new LiveSession("user-" + i, String.format("s-%04d", i)))
			.toList();
	}

}
