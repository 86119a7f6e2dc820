package chat.presence.typing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import chat.presence.typing.TypingTracker.Snapshot;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Random schedules of typing on/off, refreshes, late (lagging) commands, disconnects (a
 * user's last session closed), clock advances and ticks. Whatever the schedule, a user is
 * never in a conversation's current or published set more than the expiry after their
 * last {@code typing: true} there, nor after their last session closed (unless a later
 * {@code typing: true} came); and after each tick the published set is the current one.
 */
class TypingTrackerPropertyUnitTests {

	private static final Duration EXPIRY = Duration.ofSeconds(6);

	private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");

	private static final int USERS = 4;

	private static final int CONVERSATIONS = 2;

	/**
	 * What happens next; {@code millis} is a lag (late commands, late closes) or a clock
	 * advance.
	 */
	enum Kind {

		TYPING, TYPING_LATE, STOP, DISCONNECT, ADVANCE, TICK

	}

	record Step(Kind kind, int user, int conversation, int millis) {
	}

	private static Gen<Step> steps() {
		Gen<Kind> kinds = integers().between(0, 9).map(i -> switch (i) {
			case 0, 1, 2 -> Kind.TYPING;
			case 3 -> Kind.TYPING_LATE;
			case 4 -> Kind.STOP;
			case 5 -> Kind.DISCONNECT;
			case 6, 7 -> Kind.ADVANCE;
			default -> Kind.TICK;
		});
		return kinds.zip(integers().between(0, USERS - 1), integers().between(0, CONVERSATIONS - 1),
				integers().between(1, 8_000), Step::new);
	}

	@Test
	void nobodyIsShownTypingLongerThanTheExpiryOrAfterTheirLastSessionClosed() {
		qt().withExamples(500).forAll(lists().of(steps()).ofSizeBetween(1, 80)).checkAssert(this::holdsFor);
	}

	private void holdsFor(List<Step> schedule) {
		TypingTracker tracker = new TypingTracker(EXPIRY);
		Map<String, Instant> lastTypingTrue = new HashMap<>(); // "user@conversation" →
																// occurredAt
		Map<String, Instant> lastDisconnect = new HashMap<>();
		Map<UUID, List<String>> shown = new HashMap<>();
		Instant now = T0;
		for (Step step : schedule) {
			String user = "user-" + step.user();
			UUID conversation = new UUID(0, step.conversation());
			switch (step.kind()) {
				case TYPING, TYPING_LATE -> {
					Instant occurredAt = (step.kind() == Kind.TYPING) ? now : now.minusMillis(step.millis());
					tracker.apply(conversation, user, true, occurredAt, now);
					lastTypingTrue.merge(user + "@" + conversation, occurredAt, (a, b) -> a.isAfter(b) ? a : b);
				}
				case STOP -> tracker.apply(conversation, user, false, now, now);
				case DISCONNECT -> {
					Instant closedAt = now.minusMillis(step.millis() % 1_000);
					tracker.disconnected(user, closedAt);
					lastDisconnect.merge(user, closedAt, (a, b) -> a.isAfter(b) ? a : b);
				}
				case ADVANCE -> now = now.plusMillis(step.millis());
				case TICK -> {
					List<Snapshot> due = tracker.due(now);
					assertThat(due).extracting(Snapshot::conversationId).doesNotHaveDuplicates();
					for (Snapshot snapshot : due) {
						shown.put(snapshot.conversationId(), snapshot.userIds());
						assertThat(snapshot.userIds()).isSorted();
					}
					tracker.published(due);
					for (int c = 0; c < CONVERSATIONS; c++) {
						UUID id = new UUID(0, c);
						assertThat(shown.getOrDefault(id, List.of())).as("published after a tick")
							.isEqualTo(tracker.typers(id, now));
						check(shown.getOrDefault(id, List.of()), id, now, lastTypingTrue, lastDisconnect);
					}
				}
			}
			for (int c = 0; c < CONVERSATIONS; c++) {
				UUID id = new UUID(0, c);
				check(tracker.typers(id, now), id, now, lastTypingTrue, lastDisconnect);
			}
		}
	}

	private static void check(List<String> typers, UUID conversation, Instant now, Map<String, Instant> lastTypingTrue,
			Map<String, Instant> lastDisconnect) {
		for (String user : typers) {
			Instant lastTrue = lastTypingTrue.get(user + "@" + conversation);
			assertThat(lastTrue).as("%s typing in %s without ever typing there", user, conversation).isNotNull();
			assertThat(now).as("%s shown typing longer than the expiry after their last typing: true", user)
				.isBefore(lastTrue.plus(EXPIRY));
			Instant closed = lastDisconnect.get(user);
			if (closed != null) {
				assertThat(lastTrue).as("%s shown typing after their last session closed", user).isAfter(closed);
			}
		}
	}

}
