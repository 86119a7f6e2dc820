package chat.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/** Seed properties 5 (typing timeout) and 7 (ack timeout) on fake time. */
class TimingPropertyUnitTests {

	@Test
	void typingStopsTwoSecondsAfterTheLastKeystrokeAndStartIsNeverRepeatedWithinTwoSeconds() {
		qt().withExamples(80)
			.forAll(lists().of(integers().between(0, 4_000)).ofSizeBetween(1, 20))
			.checkAssert(gaps -> {
				try (Harness h = new Harness("alice")) {
					UUID cid = h.server.conversation("alice", "bob");
					Conversation conversation = h.open(cid);
					h.connected();
					long start = h.time.nowMillis();
					List<Long> keystrokes = new ArrayList<>();
					for (int gap : gaps) {
						h.advance(gap);
						keystrokes.add(h.time.nowMillis() - start);
						conversation.typing();
						h.run();
					}
					h.advance(10_000);
					List<Long> times = h.sendTimes("/typing", start);
					List<Boolean> values = h.sends("/typing")
						.stream()
						.map(f -> Json.parse(f.body()).get("typing").asBoolean())
						.toList();

					assertThat(values).isNotEmpty();
					assertThat(values.get(values.size() - 1)).as("ends stopped").isFalse();
					long lastStart = Long.MIN_VALUE / 2;
					for (int i = 0; i < values.size(); i++) {
						long at = times.get(i);
						if (values.get(i)) {
							assertThat(at - lastStart).as("start at most every 2 s").isGreaterThanOrEqualTo(2_000);
							assertThat(keystrokes).as("a start answers a keystroke").contains(at);
							lastStart = at;
						}
						else {
							// a keystroke at the very instant of the stop came after it
							long lastKey = keystrokes.stream().filter(k -> k < at).max(Long::compare).orElseThrow();
							assertThat(at - lastKey).as("stop exactly 2 s after the last keystroke").isEqualTo(2_000);
							assertThat(keystrokes).as("no keystroke in the idle window")
								.noneMatch(k -> k > lastKey && k < at);
						}
					}
				}
			});
	}

	@Test
	void anAckWithinFiveSecondsPreventsRetriesAndRetriesFollowOneTwoFourSecondsUntilAnAckOrTheEnd() {
		qt().withExamples(80).forAll(integers().between(0, 35_000)).checkAssert(ackAfter -> {
			try (Harness h = new Harness("alice")) {
				UUID cid = h.server.conversation("alice", "bob");
				Conversation conversation = h.open(cid);
				h.connected();
				h.server.acks = FakeServer.Acks.SILENT;
				long start = h.time.nowMillis();
				SendHandle handle = conversation.send("x");
				h.run();
				h.advance(ackAfter);
				boolean failedBefore = handle.result().isDone();
				if (!failedBefore) {
					h.server.ack("alice", FakeServer.acceptedAck(h.server.messages.get(cid).get(0)));
					h.run();
				}
				h.advance(40_000);

				List<Long> expected = new ArrayList<>();
				for (long at : new long[] { 0, 6_000, 13_000, 22_000 }) {
					if (at <= ackAfter) {
						expected.add(at);
					}
				}
				assertThat(h.sendTimes("/messages", start)).containsExactlyElementsOf(expected);
				assertThat(failedBefore).isEqualTo(ackAfter >= 27_000);
				assertThat(handle.result().isCompletedExceptionally()).isEqualTo(ackAfter >= 27_000);
				assertThat(h.server.messages.get(cid)).hasSize(1);
			}
		});
	}

}
