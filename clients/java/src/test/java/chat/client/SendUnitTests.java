package chat.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sends: ids, acks, timeouts, retries, rejections, the offline queue. */
class SendUnitTests {

	final Harness h = new Harness("alice");

	final UUID cid = this.h.server.conversation("alice", "bob");

	@Test
	void aSendShowsAsSendingAtOnceAndAsSentWithItsSeqOnTheAck() {
		Conversation conversation = this.h.open(this.cid);
		SendHandle handle = conversation.send("hello");
		this.h.run();
		Message shown = conversation.snapshot().message(handle.clientMessageId());
		assertThat(shown.status()).isEqualTo(MessageStatus.SENDING);
		assertThat(shown.text()).isEqualTo("hello");

		this.h.connected();

		assertThat(handle.result().getNow(null).seq()).isEqualTo(1);
		assertThat(conversation.snapshot().messages()).singleElement().satisfies(m -> {
			assertThat(m.clientMessageId()).isEqualTo(handle.clientMessageId());
			assertThat(m.seq()).isEqualTo(1);
			assertThat(m.status()).isEqualTo(MessageStatus.SENT);
		});
		assertThat(Json.text(Json.parse(this.h.sends("/messages").get(0).body()), "clientMessageId"))
			.isEqualTo(handle.clientMessageId().toString());
	}

	@Test
	void noAckWithinFiveSecondsIsRetriedAfterOneTwoAndFourSecondsWithTheSameIdThenFails() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.acks = FakeServer.Acks.LOST;
		long start = this.h.time.nowMillis();
		SendHandle handle = conversation.send("into the void");
		this.h.run();

		this.h.advance(26_999);
		assertThat(handle.result()).isNotDone();
		this.h.advance(1);

		assertThat(this.h.sendTimes("/messages", start)).containsExactly(0L, 6_000L, 13_000L, 22_000L);
		assertThat(this.h.sends("/messages")).extracting(f -> Json.text(Json.parse(f.body()), "clientMessageId"))
			.containsOnly(handle.clientMessageId().toString());
		assertThat(handle.result()).isCompletedExceptionally();
		assertThat(conversation.snapshot().message(handle.clientMessageId()).status()).isEqualTo(MessageStatus.FAILED);
		assertThat(conversation.snapshot().message(handle.clientMessageId()).error().code())
			.isEqualTo(ChatError.TIMEOUT);
		assertThat(this.h.store.load()).as("it may be stored; kept for a retry")
			.extracting(PendingMessage::clientMessageId)
			.containsExactly(handle.clientMessageId());
	}

	@Test
	void timeDisconnectedDoesNotUseUpRetries() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.acks = FakeServer.Acks.LOST;
		this.h.server.refuseSockets = true;
		SendHandle handle = conversation.send("patience");
		this.h.run();
		this.h.advance(3_000);
		this.h.server.dropAll();
		this.h.run();
		this.h.advance(100_000);
		assertThat(this.h.sends("/messages")).hasSize(1);
		this.h.server.refuseSockets = false;
		while (this.h.state().status() != ConnectionState.Status.CONNECTED) {
			this.h.advance(1);
		}
		long reconnected = this.h.time.nowMillis();

		this.h.advance(26_999);
		assertThat(handle.result()).as("all three retries are still there").isNotDone();
		this.h.advance(1);

		assertThat(this.h.sendTimes("/messages", reconnected)).hasSize(5).endsWith(0L, 6_000L, 13_000L, 22_000L);
		assertThat(handle.result()).isCompletedExceptionally();
	}

	@Test
	void rateLimitedWaitsRetryAfterAndResendsTheSameIdUncounted() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		for (int i = 0; i < 5; i++) {
			this.h.server.nextRejections
				.add(Json.object().put("code", "RATE_LIMITED").put("message", "slow down").put("retryAfterMs", 2_500));
		}
		long start = this.h.time.nowMillis();
		SendHandle handle = conversation.send("eventually");
		this.h.run();
		this.h.advance(20_000);

		assertThat(this.h.sendTimes("/messages", start)).containsExactly(0L, 2_500L, 5_000L, 7_500L, 10_000L, 12_500L);
		assertThat(handle.result().getNow(null).seq()).isEqualTo(1);
	}

	@Test
	void aRateLimitedMessageIsNotOvertakenByTheNextOneOneInFlightPerConversation() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.acks = FakeServer.Acks.SILENT;
		SendHandle first = conversation.send("first");
		SendHandle second = conversation.send("second");
		this.h.run();
		assertThat(this.h.sends("/messages")).hasSize(1);
		this.h.server.acks = FakeServer.Acks.AUTO;
		this.h.server.nextRejections.add(Json.object().put("code", "RATE_LIMITED").put("retryAfterMs", 500));
		this.h.advance(7_000); // first times out, is retried, rate-limited, retried again
		assertThat(first.result().getNow(null).seq()).isEqualTo(1);
		assertThat(second.result().getNow(null).seq()).isEqualTo(2);
		assertThat(this.h.sends("/messages")).extracting(f -> Json.text(Json.parse(f.body()), "text"))
			.containsExactly("first", "first", "first", "second");
	}

	@Test
	void overloadedWithoutRetryAfterWaitsOneSecond() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.nextRejections.add(Json.object().put("code", "OVERLOADED").put("message", "busy"));
		long start = this.h.time.nowMillis();
		SendHandle handle = conversation.send("later");
		this.h.run();
		this.h.advance(1_000);
		assertThat(this.h.sendTimes("/messages", start)).containsExactly(0L, 1_000L);
		assertThat(handle.result()).isCompleted();
	}

	@Test
	void aRejectionFailsAtOnceAndAManualRetryReusesTheId() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.nextRejections.add(Json.object().put("code", "INVALID").put("message", "bad"));
		SendHandle handle = conversation.send("x");
		this.h.run();
		assertThat(handle.result()).isCompletedExceptionally();
		Message failed = conversation.snapshot().message(handle.clientMessageId());
		assertThat(failed.status()).isEqualTo(MessageStatus.FAILED);
		assertThat(failed.error().code()).isEqualTo("INVALID");
		this.h.advance(60_000);
		assertThat(this.h.sends("/messages")).hasSize(1);
		assertThat(this.h.store.load()).isEmpty();

		SendHandle again = conversation.retry(handle.clientMessageId());
		this.h.run();

		assertThat(again.clientMessageId()).isEqualTo(handle.clientMessageId());
		assertThat(again.result().getNow(null).clientMessageId()).isEqualTo(handle.clientMessageId());
		assertThat(this.h.sends("/messages")).hasSize(2)
			.extracting(f -> Json.text(Json.parse(f.body()), "clientMessageId"))
			.containsOnly(handle.clientMessageId().toString());
		assertThat(conversation.snapshot().message(handle.clientMessageId()).status()).isEqualTo(MessageStatus.SENT);
	}

	@Test
	void aLateAckAndARetryAckMakeOneMessage() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.acks = FakeServer.Acks.SILENT;
		SendHandle handle = conversation.send("slow ack");
		this.h.run();
		this.h.advance(5_000);
		this.h.server.acks = FakeServer.Acks.AUTO;
		this.h.advance(1_000);
		assertThat(handle.result().getNow(null).seq()).isEqualTo(1);
		// the first attempt's ack, late
		this.h.server.ack("alice", FakeServer.acceptedAck(this.h.server.messages.get(this.cid).get(0)));
		this.h.run();

		assertThat(this.h.server.messages.get(this.cid)).hasSize(1);
		assertThat(conversation.snapshot().messages()).singleElement()
			.satisfies(m -> assertThat(m.clientMessageId()).isEqualTo(handle.clientMessageId()));
	}

	@Test
	void aRetryOfAMessageWhoseAckCameAfterItFailedGetsThatAckWithoutSendingAgain() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.acks = FakeServer.Acks.SILENT;
		SendHandle handle = conversation.send("stored, acked late");
		this.h.run();
		this.h.advance(27_000);
		assertThat(handle.result()).isCompletedExceptionally();
		assertThat(this.h.sends("/messages")).hasSize(4);
		// one of the four attempts' ack, after the SDK gave up
		this.h.server.ack("alice", FakeServer.acceptedAck(this.h.server.messages.get(this.cid).get(0)));
		this.h.run();
		assertThat(conversation.snapshot().message(handle.clientMessageId()).status()).isEqualTo(MessageStatus.SENT);

		SendHandle again = conversation.retry(handle.clientMessageId());
		this.h.run();

		SendHandle sentAgain = conversation.send(handle.clientMessageId(), "stored, acked late");
		this.h.run();

		assertThat(again.result().getNow(null).seq()).isEqualTo(1);
		assertThat(sentAgain.result().getNow(null).seq()).as("a send with the id gets the same ack").isEqualTo(1);
		assertThat(this.h.sends("/messages")).as("nothing sent again").hasSize(4);
		assertThat(this.h.store.load()).isEmpty();
	}

	@Test
	void theSameIdSentTwiceSharesOneOutcome() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.acks = FakeServer.Acks.SILENT;
		UUID id = UUID.randomUUID();
		SendHandle first = conversation.send(id, "once");
		SendHandle second = conversation.send(id, "once");
		this.h.run();
		assertThat(this.h.sends("/messages")).hasSize(1);
		this.h.server.acks = FakeServer.Acks.AUTO;
		this.h.advance(6_000);
		assertThat(first.result().getNow(null)).isEqualTo(second.result().getNow(null));
	}

	@Test
	void sendsMadeOfflineWaitInOrderPerConversationUntilTheirSubscribeReceipt() {
		UUID other = this.h.server.conversation("alice", "carol");
		Conversation a = this.h.open(this.cid);
		Conversation b = this.h.open(other);
		List<SendHandle> toA = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			toA.add(a.send("a" + i));
		}
		b.send("b0");
		b.send("b1");
		this.h.run();
		this.h.server.withheldReceipts.add(Engine.TOPIC_PREFIX + this.cid);

		this.h.connected();

		assertThat(this.h.sends("/messages")).extracting(f -> Json.text(Json.parse(f.body()), "text"))
			.containsExactly("b0", "b1");
		FakeServer.Connection connection = this.h.connection();
		String receipt = connection.sent("SUBSCRIBE", Engine.TOPIC_PREFIX + this.cid).get(0).header("receipt");
		connection.deliver(StompFrame.of("RECEIPT", "receipt-id", receipt));
		this.h.run();

		assertThat(this.h.sends("/messages")).extracting(f -> Json.text(Json.parse(f.body()), "text"))
			.containsExactly("b0", "b1", "a0", "a1", "a2");
		assertThat(toA).extracting(s -> s.result().getNow(null).seq()).containsExactly(1L, 2L, 3L);
		assertThat(a.snapshot().messages()).extracting(Message::text).containsExactly("a0", "a1", "a2");
	}

	@Test
	void aNewClientSendsWhatTheStoreKeptWithTheSameIds() {
		OutboxStore store = OutboxStore.inMemory();
		UUID id = UUID.randomUUID();
		UUID conversationId = UUID.randomUUID();
		store.put(new PendingMessage(conversationId, id, "from before the restart", Instant.EPOCH));
		try (Harness restarted = new Harness("alice", store)) {
			restarted.server.members.put(conversationId, new java.util.HashSet<>(List.of("alice", "bob")));
			restarted.server.messages.put(conversationId, new ArrayList<>());
			restarted.connected();
			assertThat(restarted.sends("/messages")).extracting(f -> Json.text(Json.parse(f.body()), "clientMessageId"))
				.containsExactly(id.toString());
			assertThat(store.load()).isEmpty();
			assertThat(restarted.client.conversation(conversationId).snapshot().messages()).extracting(Message::seq)
				.containsExactly(1L);
		}
	}

	@Test
	void notAMemberFailsTheConversationsQueuedSends() {
		UUID foreign = this.h.server.conversation("bob", "carol");
		Conversation conversation = this.h.open(foreign);
		SendHandle handle = conversation.send("let me in");
		this.h.connected();
		assertThat(handle.result()).isCompletedExceptionally();
		assertThat(conversation.snapshot().error().code()).isEqualTo("NOT_MEMBER");
		assertThat(this.h.sends("/messages")).isEmpty();
	}

}
