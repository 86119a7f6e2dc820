package chat.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Message states from watermarks, receipts sent, typing both ways, presence. */
class ReceiptsTypingPresenceUnitTests {

	final Harness h = new Harness("alice");

	final UUID cid = this.h.server.conversation("alice", "bob", "carol");

	void receipt(String user, long delivered, long read) {
		this.h.server.event(this.cid,
				Json.object()
					.put("type", "receipt.updated")
					.put("conversationId", this.cid.toString())
					.put("userId", user)
					.put("deliveredUpToSeq", delivered)
					.put("readUpToSeq", read));
		this.h.run();
	}

	@Test
	void aMessageIsDeliveredWhenEveryOtherMemberGotItAndReadWhenEveryOneReadIt() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		SendHandle handle = conversation.send("hi both");
		this.h.run();
		UUID id = handle.clientMessageId();
		assertThat(conversation.snapshot().message(id).status()).isEqualTo(MessageStatus.SENT);

		receipt("alice", 1, 1);
		assertThat(conversation.snapshot().message(id).status()).as("own watermarks do not count")
			.isEqualTo(MessageStatus.SENT);
		receipt("bob", 1, 0);
		assertThat(conversation.snapshot().message(id).status()).isEqualTo(MessageStatus.SENT);
		receipt("carol", 1, 0);
		assertThat(conversation.snapshot().message(id).status()).isEqualTo(MessageStatus.DELIVERED);
		receipt("bob", 1, 1);
		assertThat(conversation.snapshot().message(id).status()).isEqualTo(MessageStatus.DELIVERED);
		receipt("carol", 0, 1);
		assertThat(conversation.snapshot().message(id).status()).isEqualTo(MessageStatus.READ);
		receipt("carol", 0, 0);
		assertThat(conversation.snapshot().message(id).status()).as("watermarks never go back")
			.isEqualTo(MessageStatus.READ);
	}

	@Test
	void aMembersOwnMessageCountsAsReadByThemWithoutAReceiptEvent() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		SendHandle handle = conversation.send("question");
		this.h.run();
		UUID id = handle.clientMessageId();

		this.h.server.store(this.cid, "bob", UUID.randomUUID(), "answer");
		this.h.run();
		assertThat(conversation.snapshot().message(id).status()).as("carol has not answered")
			.isEqualTo(MessageStatus.SENT);
		this.h.server.store(this.cid, "carol", UUID.randomUUID(), "me too");
		this.h.run();

		assertThat(conversation.snapshot().message(id).status()).isEqualTo(MessageStatus.READ);
	}

	@Test
	void watermarksFromTheReceiptServiceCountAfterCatchUp() {
		this.h.server.store(this.cid, "alice", UUID.randomUUID(), "old");
		this.h.server.watermarks.put(this.cid,
				new java.util.HashMap<>(java.util.Map.of("bob", new long[] { 1, 1 }, "carol", new long[] { 1, 0 })));
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		assertThat(conversation.snapshot().messages()).singleElement()
			.satisfies(m -> assertThat(m.status()).isEqualTo(MessageStatus.DELIVERED));
	}

	@Test
	void deliveredGoesOutWhenMessagesArriveAtMostOncePerSecondWithTheLatestSeq() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		for (int i = 0; i < 5; i++) {
			this.h.server.store(this.cid, "bob", UUID.randomUUID(), "b" + i);
			this.h.run();
			this.h.advance(100);
		}
		this.h.advance(1_000);
		assertThat(this.h.sends("/delivered")).extracting(f -> Json.number(Json.parse(f.body()), "upToSeq", -1))
			.containsExactly(1L, 5L);
		assertThat(conversation.snapshot().lastSeq()).isEqualTo(5);
	}

	@Test
	void readGoesOutWhenTheAppSaysSoOnlyForwardAndIsResentAfterAReconnect() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		for (int i = 0; i < 3; i++) {
			this.h.server.store(this.cid, "bob", UUID.randomUUID(), "b" + i);
		}
		this.h.run();
		conversation.markRead(2);
		this.h.run();
		conversation.markRead(1);
		this.h.advance(2_000);
		conversation.markRead();
		this.h.advance(2_000);
		assertThat(this.h.sends("/read")).extracting(f -> Json.number(Json.parse(f.body()), "upToSeq", -1))
			.containsExactly(2L, 3L);

		this.h.server.dropAll();
		this.h.run();
		this.h.advance(900);
		assertThat(this.h.sends("/read")).extracting(f -> Json.number(Json.parse(f.body()), "upToSeq", -1))
			.containsExactly(2L, 3L, 3L);
	}

	@Test
	void typingSendsStartAtMostEveryTwoSecondsAndStopTwoSecondsAfterTheLastKeystroke() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		long start = this.h.time.nowMillis();
		for (int i = 0; i < 10; i++) { // a keystroke every 500 ms for 5 s
			conversation.typing();
			this.h.advance(500);
		}
		this.h.advance(1_499);
		assertThat(this.h.sends("/typing")).extracting(f -> Json.parse(f.body()).get("typing").asBoolean())
			.containsExactly(true, true, true);
		this.h.advance(1);
		assertThat(this.h.sendTimes("/typing", start)).containsExactly(0L, 2_000L, 4_000L, 6_500L);
		assertThat(this.h.sends("/typing")).extracting(f -> Json.parse(f.body()).get("typing").asBoolean())
			.containsExactly(true, true, true, false);
	}

	@Test
	void sendingAMessageStopsTypingAndADisconnectForgetsItWithoutAFrame() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		conversation.typing();
		this.h.run();
		conversation.send("done");
		this.h.run();
		assertThat(this.h.sends("/typing")).extracting(f -> Json.parse(f.body()).get("typing").asBoolean())
			.containsExactly(true, false);

		conversation.typing();
		this.h.run();
		this.h.server.dropAll();
		this.h.run();
		this.h.advance(5_000);
		assertThat(this.h.sends("/typing")).hasSize(3);
	}

	@Test
	void remoteTypersHideThisUserExpireLocallyAndClearOnDisconnect() {
		Conversation conversation = this.h.open(this.cid);
		this.h.connected();
		this.h.server.event(this.cid,
				Json.object()
					.put("type", "typing.updated")
					.put("conversationId", this.cid.toString())
					.set("userIds", Json.MAPPER.valueToTree(List.of("alice", "bob"))));
		this.h.run();
		assertThat(conversation.snapshot().typing()).containsExactly("bob");
		this.h.advance(9_999);
		assertThat(conversation.snapshot().typing()).containsExactly("bob");
		this.h.advance(1);
		assertThat(conversation.snapshot().typing()).isEmpty();

		this.h.server.event(this.cid,
				Json.object()
					.put("type", "typing.updated")
					.put("conversationId", this.cid.toString())
					.set("userIds", Json.MAPPER.valueToTree(List.of("carol"))));
		this.h.run();
		assertThat(conversation.snapshot().typing()).containsExactly("carol");
		this.h.server.dropAll();
		this.h.run();
		assertThat(conversation.snapshot().typing()).isEmpty();
	}

	@Test
	void presenceIsUpdatedLiveAndMarkedStaleWhileDisconnected() {
		Conversation conversation = this.h.open(this.cid);
		assertThat(conversation.snapshot().presenceStale()).isTrue();
		this.h.connected();
		this.h.server.event(this.cid,
				Json.object().put("type", "presence.updated").put("userId", "bob").put("online", true));
		this.h.server.event(this.cid,
				Json.object()
					.put("type", "presence.updated")
					.put("userId", "carol")
					.put("online", false)
					.put("lastSeenAt", "2026-12-01T09:00:00Z"));
		this.h.run();
		ConversationSnapshot snapshot = conversation.snapshot();
		assertThat(snapshot.presenceStale()).isFalse();
		assertThat(snapshot.online()).containsExactly("bob");
		assertThat(snapshot.presence().get("carol").lastSeenAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));

		this.h.server.dropAll();
		this.h.run();
		assertThat(conversation.snapshot().presenceStale()).isTrue();
		assertThat(conversation.snapshot().online()).containsExactly("bob");
		this.h.advance(900);
		assertThat(conversation.snapshot().presenceStale()).isFalse();
	}

}
