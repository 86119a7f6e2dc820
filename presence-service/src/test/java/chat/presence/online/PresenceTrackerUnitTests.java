package chat.presence.online;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import chat.presence.online.PresenceTracker.Disconnect;
import chat.presence.online.PresenceTracker.Transition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The presence rules on a hand-driven clock: grace 5 s, lease 15 s, warm-up 6 s (the
 * defaults).
 */
class PresenceTrackerUnitTests {

	private static final Duration GRACE = Duration.ofSeconds(5);

	private static final Duration LEASE = Duration.ofSeconds(15);

	private static final Duration WARM_UP = Duration.ofSeconds(6);

	private static final Instant START = Instant.parse("2025-01-01T10:00:00Z");

	private PresenceTracker tracker;

	private Instant now;

	@BeforeEach
	void warmedUpTracker() {
		this.tracker = new PresenceTracker(GRACE, LEASE, WARM_UP);
		this.tracker.startWarmUp(START, Map.of());
		this.now = START.plus(WARM_UP);
		assertThat(step()).isEmpty();
	}

	@Test
	void oneUserOnTwoDevicesIsOnlineUntilTheGraceAfterTheLastDisconnect() {
		open("alice", "phone", "node-1");
		assertThat(step()).containsExactly(new Transition("alice", true, this.now));

		open("alice", "laptop", "node-2");
		assertThat(step()).isEmpty();

		advance(Duration.ofSeconds(1));
		close("alice", "phone", "node-1");
		assertThat(step()).as("still online on the laptop").isEmpty();
		advance(Duration.ofSeconds(6));
		assertThat(step()).as("the grace of a closed device does not matter while another is open").isEmpty();

		close("alice", "laptop", "node-2");
		Instant lastDisconnect = this.now;
		advance(GRACE.minusMillis(1));
		assertThat(step()).as("inside the grace").isEmpty();
		advance(Duration.ofMillis(1));
		assertThat(step()).containsExactly(new Transition("alice", false, lastDisconnect));
		advance(Duration.ofSeconds(30));
		assertThat(step()).isEmpty();
	}

	@Test
	void reconnectInsideTheGracePublishesNothing() {
		open("bob", "s1", "node-1");
		assertThat(step()).hasSize(1);

		close("bob", "s1", "node-1");
		advance(Duration.ofSeconds(3));
		assertThat(step()).isEmpty();
		open("bob", "s2", "node-2");
		assertThat(step()).isEmpty();
		advance(Duration.ofSeconds(10));
		heartbeat("node-2", Map.of("s2", "bob"));
		assertThat(step()).isEmpty();
	}

	@Test
	void lastSessionClosingIsReportedAtOnceForTyping() {
		open("carol", "s1", "node-1");
		open("carol", "s2", "node-1");
		step();
		this.tracker.takeDisconnects();

		close("carol", "s1", "node-1");
		assertThat(this.tracker.takeDisconnects()).isEmpty();
		advance(Duration.ofMillis(300));
		close("carol", "s2", "node-1");
		assertThat(this.tracker.takeDisconnects()).containsExactly(new Disconnect("carol", this.now));
		assertThat(step()).as("presence still waits for the grace").isEmpty();
	}

	@Test
	void aSilentNodeDropsItsSessionsWhenTheLeaseExpires() {
		heartbeat("node-1", Map.of("s1", "alice", "s2", "bob"));
		heartbeat("node-2", Map.of("s3", "bob", "s4", "carol"));
		Instant lastHeartbeatOfNode1 = this.now;
		assertThat(step()).extracting(Transition::userId).containsExactly("alice", "bob", "carol");

		advance(Duration.ofSeconds(10));
		heartbeat("node-2", Map.of("s3", "bob", "s4", "carol"));
		advance(LEASE.minusSeconds(10).minusMillis(1));
		assertThat(step()).as("node-1 is still within its lease").isEmpty();

		advance(Duration.ofMillis(1));
		assertThat(step()).as("no grace after a lease: offline at once, last seen at the last heartbeat")
			.containsExactly(new Transition("alice", false, lastHeartbeatOfNode1));
		assertThat(this.tracker.takeDisconnects()).containsExactly(new Disconnect("alice", lastHeartbeatOfNode1));
		assertThat(this.tracker.heartbeats()).containsOnlyKeys("node-2");
		assertThat(this.tracker.sessionCount()).isEqualTo(2);
	}

	@Test
	void heartbeatsAddUnknownSessionsAndDropMissingOnesThatOpenedBeforeThem() {
		Instant t0 = this.now;
		heartbeat("node-1", Map.of("s1", "alice"));
		assertThat(step()).containsExactly(new Transition("alice", true, this.now));

		advance(Duration.ofSeconds(2));
		this.tracker.sessionOpened("bob", "s2", "node-1", t0.plusMillis(1500), this.now);
		assertThat(step()).containsExactly(new Transition("bob", true, this.now));

		// taken before bob's session opened, consumed after it: must not drop it
		this.tracker.heartbeat("node-1", Map.of("s1", "alice"), t0.plusSeconds(1), this.now);
		advance(GRACE.plusSeconds(1));
		assertThat(step()).isEmpty();

		heartbeat("node-1", Map.of("s1", "alice"));
		Instant dropped = this.now;
		advance(GRACE);
		assertThat(step()).containsExactly(new Transition("bob", false, dropped));
	}

	@Test
	void aLateHeartbeatDoesNotResurrectAClosedSession() {
		Instant t0 = this.now;
		heartbeat("node-1", Map.of("s1", "alice"));
		step();

		advance(Duration.ofSeconds(1));
		close("alice", "s1", "node-1");
		Instant closedAt = this.now;
		advance(Duration.ofSeconds(1));
		// sent before the close, delivered after it
		this.tracker.heartbeat("node-1", Map.of("s1", "alice"), t0.plusMillis(500), this.now);
		assertThat(this.tracker.sessionCount()).isZero();

		advance(GRACE);
		assertThat(step()).containsExactly(new Transition("alice", false, closedAt));
		this.tracker.heartbeat("node-1", Map.of("s1", "alice"), closedAt.minusMillis(1), this.now);
		this.tracker.sessionOpened("alice", "s1", "node-1", t0, this.now); // a
																			// redelivered
																			// open
		assertThat(step()).isEmpty();
		assertThat(this.tracker.sessionCount()).isZero();
	}

	@Test
	void restartPublishesOnlyTheDifferencesWithTheStoredStateAfterTheWarmUp() {
		Instant storedAt = START.minus(Duration.ofHours(1));
		PresenceTracker restarted = new PresenceTracker(GRACE, LEASE, WARM_UP);
		restarted.heartbeat("node-1", Map.of("s1", "alice"), START.minusSeconds(1), START);
		assertThat(restarted.transitions(START)).as("not assigned yet: nothing, whatever it heard").isEmpty();

		restarted.startWarmUp(START, Map.of("alice", storedAt, "bob", storedAt, "dora", storedAt));
		Map<String, String> live = new LinkedHashMap<>();
		live.put("s1", "alice");
		live.put("s3", "carol");
		restarted.heartbeat("node-1", live, START.plusSeconds(2), START.plusSeconds(2));
		restarted.sessionClosed("dora", "s9", "node-2", START.plusSeconds(3), START.plusSeconds(3));
		for (Instant during = START; during.isBefore(START.plus(WARM_UP)); during = during.plusMillis(500)) {
			List<Transition> transitions = restarted.transitions(during);
			assertThat(transitions).as("warming up at %s", during).isEmpty();
			restarted.published(transitions);
		}

		Instant end = START.plus(WARM_UP);
		List<Transition> transitions = restarted.transitions(end);
		assertThat(transitions).as("alice stays online: no false offline; dora is still in her grace")
			.containsExactly(new Transition("bob", false, storedAt), new Transition("carol", true, end));
		restarted.published(transitions);

		Instant afterDorasGrace = START.plusSeconds(3).plus(GRACE);
		assertThat(restarted.transitions(afterDorasGrace))
			.containsExactly(new Transition("dora", false, START.plusSeconds(3)));
	}

	@Test
	void aFailedPublishIsDecidedAgain() {
		open("erin", "s1", "node-1");
		List<Transition> first = this.tracker.transitions(this.now);
		assertThat(first).hasSize(1);
		// publishing failed: published() was not called
		assertThat(this.tracker.transitions(this.now)).isEqualTo(first);
		this.tracker.published(first);
		assertThat(this.tracker.transitions(this.now)).isEmpty();
	}

	@Test
	void eventTimesAheadOfTheClockCountAsNow() {
		Instant openedAt = this.now;
		this.tracker.sessionOpened("fay", "s1", "node-1", this.now.plusSeconds(60), this.now);
		step();
		advance(LEASE);
		assertThat(step()).as("a node clock running ahead must not extend the lease")
			.containsExactly(new Transition("fay", false, openedAt));
	}

	private void open(String userId, String sessionId, String nodeId) {
		this.tracker.sessionOpened(userId, sessionId, nodeId, this.now, this.now);
	}

	private void close(String userId, String sessionId, String nodeId) {
		this.tracker.sessionClosed(userId, sessionId, nodeId, this.now, this.now);
	}

	private void heartbeat(String nodeId, Map<String, String> userBySession) {
		this.tracker.heartbeat(nodeId, userBySession, this.now, this.now);
	}

	private void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	/** One step as {@link Presence} runs it, with a publish that succeeds. */
	private List<Transition> step() {
		List<Transition> transitions = this.tracker.transitions(this.now);
		this.tracker.published(transitions);
		return transitions;
	}

}
