package chat.presence.typing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import chat.presence.typing.TypingTracker.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Typing on a hand-driven clock: expiry 6 s, window 100 ms (the defaults). */
class TypingTrackerUnitTests {

	private static final Duration EXPIRY = Duration.ofSeconds(6);

	private static final Duration WINDOW = Duration.ofMillis(100);

	private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

	private static final UUID ROOM = UUID.fromString("00000000-0000-0000-0000-000000000001");

	private static final UUID OTHER_ROOM = UUID.fromString("00000000-0000-0000-0000-000000000002");

	private final TypingTracker tracker = new TypingTracker(EXPIRY);

	@Test
	void typingLastsUntilTheExpiryUnlessRefreshed() {
		typing(ROOM, "alice", true, T0);
		typing(ROOM, "bob", true, T0);
		assertThat(tick(T0)).containsExactly(new Snapshot(ROOM, List.of("alice", "bob")));

		typing(ROOM, "bob", true, T0.plusSeconds(4));
		assertThat(tick(T0.plusSeconds(4))).as("a refresh changes no set").isEmpty();
		assertThat(tick(T0.plus(EXPIRY).minusMillis(1))).isEmpty();
		assertThat(tick(T0.plus(EXPIRY))).containsExactly(new Snapshot(ROOM, List.of("bob")));
		assertThat(tick(T0.plusSeconds(4).plus(EXPIRY))).containsExactly(new Snapshot(ROOM, List.of()));
		assertThat(tick(T0.plusSeconds(60))).isEmpty();
	}

	@Test
	void typingFalseEndsIt() {
		typing(ROOM, "alice", true, T0);
		tick(T0);
		typing(ROOM, "alice", false, T0.plusMillis(50));
		assertThat(tick(T0.plusMillis(100))).containsExactly(new Snapshot(ROOM, List.of()));
	}

	@Test
	void theLastSessionClosingRemovesTheUserEverywhereAndShedsTheirOlderCommands() {
		typing(ROOM, "alice", true, T0);
		typing(OTHER_ROOM, "alice", true, T0);
		typing(OTHER_ROOM, "bob", true, T0);
		tick(T0);

		Instant closedAt = T0.plusSeconds(1);
		this.tracker.disconnected("alice", closedAt);
		assertThat(tick(closedAt)).containsExactlyInAnyOrder(new Snapshot(ROOM, List.of()),
				new Snapshot(OTHER_ROOM, List.of("bob")));

		// sent before the close, delivered after it (another topic than the session
		// events)
		assertThat(this.tracker.apply(ROOM, "alice", true, closedAt.minusMillis(10), closedAt.plusMillis(50)))
			.isFalse();
		assertThat(tick(closedAt.plusMillis(100))).isEmpty();
		// after a reconnect
		assertThat(this.tracker.apply(ROOM, "alice", true, closedAt.plusSeconds(2), closedAt.plusSeconds(2))).isTrue();
		assertThat(tick(closedAt.plusSeconds(2))).containsExactly(new Snapshot(ROOM, List.of("alice")));
	}

	@Test
	void aCommandOlderThanTheExpiryIsShed() {
		assertThat(this.tracker.apply(ROOM, "alice", true, T0, T0.plus(EXPIRY))).isFalse();
		assertThat(this.tracker.apply(ROOM, "bob", true, T0, T0.plus(EXPIRY).minusMillis(1))).isTrue();
		assertThat(tick(T0.plus(EXPIRY).minusMillis(1))).containsExactly(new Snapshot(ROOM, List.of("bob")));
	}

	/**
	 * 100 frames from 10 users within one window: wherever the ticks fall, at most two
	 * snapshots, the last naming exactly the users whose last frame was
	 * {@code typing: true}.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 13, 50, 77, 99 })
	void aBurstWithinOneWindowIsCoalesced(int firstTickOffsetMillis) {
		List<String> users = IntStream.range(0, 10).mapToObj(i -> "user-" + i).toList();
		List<Snapshot> published = new ArrayList<>();
		Instant nextTick = T0.plusMillis(firstTickOffsetMillis);
		for (int frame = 0; frame < 100; frame++) {
			Instant at = T0.plusNanos(frame * 990_000L); // 100 frames in 99 ms
			while (!nextTick.isAfter(at)) {
				published.addAll(tick(nextTick));
				nextTick = nextTick.plus(WINDOW);
			}
			int user = frame % 10;
			boolean typing = frame < 90 || user % 2 == 0; // odd users stop in the last
															// round
			typing(ROOM, users.get(user), typing, at);
		}
		for (int window = 0; window < 3; window++) {
			published.addAll(tick(nextTick));
			nextTick = nextTick.plus(WINDOW);
		}

		assertThat(published).hasSizeBetween(1, 2);
		assertThat(published.get(published.size() - 1))
			.isEqualTo(new Snapshot(ROOM, List.of("user-0", "user-2", "user-4", "user-6", "user-8")));
	}

	@Test
	void aSnapshotLeftShowingTypersByAnEarlierInstanceIsReplaced() {
		this.tracker.recovered(Map.of(ROOM, List.of("ghost"), OTHER_ROOM, List.of()));
		typing(OTHER_ROOM, "bob", true, T0);
		assertThat(tick(T0)).containsExactlyInAnyOrder(new Snapshot(ROOM, List.of()),
				new Snapshot(OTHER_ROOM, List.of("bob")));
	}

	@Test
	void anUnconfirmedSnapshotIsDueAgain() {
		typing(ROOM, "alice", true, T0);
		List<Snapshot> due = this.tracker.due(T0);
		assertThat(this.tracker.due(T0.plusMillis(100))).as("publish failed").isEqualTo(due);
		this.tracker.published(due);
		assertThat(this.tracker.due(T0.plusMillis(200))).isEmpty();
	}

	private void typing(UUID conversationId, String userId, boolean typing, Instant at) {
		assertThat(this.tracker.apply(conversationId, userId, typing, at, at)).isTrue();
	}

	/** One tick of the ticker, with a publish that succeeds. */
	private List<Snapshot> tick(Instant now) {
		List<Snapshot> due = this.tracker.due(now);
		this.tracker.published(due);
		return due;
	}

}
