package chat.client;

import java.util.List;
import java.util.UUID;

import chat.client.ConnectionState.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection state machine, backoff and liveness, on fake time. */
class ConnectionUnitTests {

	@Test
	void connectGoesThroughConnectingToConnectedAndSubscribesTheQueuesWithReceipts() {
		try (Harness h = new Harness("alice")) {
			h.connected();

			assertThat(h.states).extracting(ConnectionState::status)
				.containsExactly(Status.IDLE, Status.CONNECTING, Status.CONNECTED);
			assertThat(h.state()).isEqualTo(new ConnectionState.Connected("alice"));
			StompFrame connect = h.connection().received.get(0);
			assertThat(connect.command()).isEqualTo("CONNECT");
			assertThat(connect.header("accept-version")).isEqualTo("1.2");
			assertThat(connect.header("heart-beat")).isEqualTo("10000,10000");
			assertThat(connect.header("Authorization"))
				.isEqualTo("Bearer " + Harness.jwt("alice", Harness.WALL.getEpochSecond() + 3600, 1));
			assertThat(h.connection().sent("SUBSCRIBE", null)).extracting(f -> f.header("destination"))
				.containsExactly("/user/queue/acks", "/user/queue/errors", "/user/queue/session");
			assertThat(h.connection().sent("SUBSCRIBE", "/user/queue/acks").get(0).header("receipt")).isNotNull();
		}
	}

	@Test
	void failedAttemptsBackOffOneTwoFourEightSixteenThenThirtySecondsWithJitterAndRotateEndpoints() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			h.server.refuseSockets = true;
			h.server.dropAll();
			h.run();
			List<Long> delays = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				ConnectionState.Reconnecting waiting = (ConnectionState.Reconnecting) h.state();
				assertThat(waiting.attempt()).isEqualTo(i + 1);
				delays.add(waiting.nextRetryMillis());
				int before = h.tokenReasons.size();
				h.advance(waiting.nextRetryMillis() - 1);
				assertThat(h.tokenReasons).as("no attempt before the delay is over").hasSize(before);
				h.advance(1);
			}
			// jitter factor 0.8 + 0.2 * 0.5 = 0.9
			assertThat(delays).containsExactly(900L, 1800L, 3600L, 7200L, 14400L, 27000L, 27000L, 27000L);
			h.server.refuseSockets = false;
			h.advance(27000);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
			assertThat(h.server.everConnected).extracting(c -> c.uri.getHost()).containsExactly("edge-1", "edge-2");
		}
	}

	@Test
	void backoffResetsOnlyAfterTheConnectionStayedUpTenSeconds() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			h.server.dropAll();
			h.run();
			assertThat(((ConnectionState.Reconnecting) h.state()).nextRetryMillis()).isEqualTo(900);
			h.advance(900);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);

			h.advance(9_000);
			h.server.dropAll();
			h.run();
			assertThat(((ConnectionState.Reconnecting) h.state()).nextRetryMillis()).as("flapping: not reset")
				.isEqualTo(1800);
			h.advance(1800);
			h.advance(10_000);
			h.server.dropAll();
			h.run();
			assertThat(((ConnectionState.Reconnecting) h.state()).nextRetryMillis()).as("stable: reset").isEqualTo(900);
		}
	}

	@Test
	void noConnectedWithinTenSecondsCountsAsAFailedAttempt() {
		try (Harness h = new Harness("alice")) {
			h.server.silentConnect = true;
			h.client.connect();
			h.run();
			h.advance(9_999);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTING);
			h.advance(1);
			assertThat(h.state()).isInstanceOfSatisfying(ConnectionState.Reconnecting.class,
					r -> assertThat(r.cause().code()).isEqualTo(ChatError.TIMEOUT));
		}
	}

	@Test
	void silenceLongerThanTwoServerHeartBeatsDropsTheConnection() {
		try (Harness h = new Harness("alice")) {
			h.server.heartBeat = "10000,10000";
			h.connected();
			FakeServer.Connection first = h.connection();
			h.advance(19_999);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);

			h.advance(1);
			assertThat(h.state().status()).isEqualTo(Status.RECONNECTING);
			assertThat(first.open).isFalse();
		}
	}

	@Test
	void serverTrafficKeepsTheConnectionAlive() {
		try (Harness h = new Harness("alice")) {
			h.server.heartBeat = "10000,10000";
			h.connected();
			for (int i = 0; i < 10; i++) {
				h.advance(10_000);
				h.connection().listener.text("\n");
				h.run();
			}
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
			assertThat(h.server.everConnected).hasSize(1);
			assertThat(h.connection().heartbeats).as("one client heart-beat per 10 s").isEqualTo(10);
		}
	}

	@Test
	void withoutAConnectionForTwoMinutesTheClientIsSuspendedNewSendsFailFastQueuedOnesStay() {
		try (Harness h = new Harness("alice")) {
			UUID cid = h.server.conversation("alice", "bob");
			Conversation conversation = h.open(cid);
			h.connected();
			h.server.refuseSockets = true;
			h.server.dropAll();
			h.run();
			SendHandle queued = conversation.send("queued while reconnecting");
			h.advance(119_000);
			assertThat(h.state().status()).isEqualTo(Status.RECONNECTING);
			h.advance(1_000);
			assertThat(h.state().status()).isEqualTo(Status.SUSPENDED);

			SendHandle late = conversation.send("sent while suspended");
			h.run();
			assertThat(late.result()).isCompletedExceptionally();
			assertThat(conversation.snapshot().message(late.clientMessageId()).status())
				.isEqualTo(MessageStatus.FAILED);
			assertThat(queued.result()).isNotDone();

			int attempts = h.tokenReasons.size();
			h.advance(30_000);
			assertThat(h.tokenReasons).as("still trying every 30 s").hasSize(attempts + 1);
			h.server.refuseSockets = false;
			h.advance(30_000);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
			assertThat(queued.result()).isCompleted();
			assertThat(queued.result().getNow(null).seq()).isEqualTo(1);
		}
	}

	@Test
	void offlineStopsAttemptsAndOnlineConnectsAtOnce() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			h.client.networkChanged(false);
			h.run();
			assertThat(h.state().status()).isEqualTo(Status.OFFLINE);
			assertThat(h.server.connections).isEmpty();
			h.advance(60_000);
			assertThat(h.server.everConnected).hasSize(1);

			h.client.networkChanged(true);
			h.run();
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
			assertThat(h.server.everConnected).hasSize(2);
		}
	}

	@Test
	void offlineForTwoMinutesIsSuspended() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			h.client.networkChanged(false);
			h.run();
			h.advance(120_000);
			assertThat(h.state().status()).isEqualTo(Status.SUSPENDED);
			assertThat(h.server.everConnected).hasSize(1);
			h.client.networkChanged(true);
			h.run();
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
		}
	}

	@Test
	void aDrainingServerIsLeftAtOnceWithoutCountingAFailure() {
		try (Harness h = new Harness("alice")) {
			h.connected();
			h.server.dropAll();
			h.run();
			h.advance(900);
			h.connection().deliver(Engine.SESSION, Json.object().put("type", "server.draining"));
			h.connection().end(1012);
			h.run();
			ConnectionState.Reconnecting waiting = (ConnectionState.Reconnecting) h.state();
			assertThat(waiting.nextRetryMillis()).isEqualTo(500);
			h.advance(500);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
		}
	}

	@Test
	void overloadedOnConnectWaitsAtLeastRetryAfter() {
		try (Harness h = new Harness("alice")) {
			h.server.nextConnectErrors.add(Json.object().put("code", "OVERLOADED").put("retryAfterMs", 5000));
			h.connected();
			assertThat(h.state()).isInstanceOfSatisfying(ConnectionState.Reconnecting.class, r -> {
				assertThat(r.nextRetryMillis()).isEqualTo(5000);
				assertThat(r.cause().code()).isEqualTo("OVERLOADED");
			});
			h.advance(5000);
			assertThat(h.state().status()).isEqualTo(Status.CONNECTED);
		}
	}

	@Test
	void closeSendsDisconnectAndLeavesNoTimers() {
		Harness h = new Harness("alice");
		UUID cid = h.server.conversation("alice", "bob");
		Conversation conversation = h.open(cid);
		h.connected();
		conversation.typing();
		h.server.acks = FakeServer.Acks.LOST;
		SendHandle pending = conversation.send("never acked");
		h.run();
		FakeServer.Connection connection = h.connection();

		h.close();

		assertThat(h.state().status()).isEqualTo(Status.CLOSED);
		assertThat(connection.received).extracting(StompFrame::command).contains("DISCONNECT");
		assertThat(h.time.pendingTimers()).isZero();
		assertThat(pending.result()).isCompletedExceptionally();
		assertThat(h.store.load()).extracting(PendingMessage::clientMessageId)
			.containsExactly(pending.clientMessageId());
	}

}
