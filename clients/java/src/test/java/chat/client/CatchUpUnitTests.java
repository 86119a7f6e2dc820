package chat.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Catch-up by seq after reconnects and gaps; the 100-message bound; older pages. */
class CatchUpUnitTests {

	final Harness h = new Harness("alice");

	final UUID cid = this.h.server.conversation("alice", "bob");

	final List<Long> delivered = new ArrayList<>();

	Conversation open() {
		Conversation conversation = this.h.client.conversation(this.cid);
		conversation.onMessage(m -> this.delivered.add(m.seq()));
		this.h.run();
		return conversation;
	}

	void bobSends(int count) {
		for (int i = 0; i < count; i++) {
			this.h.server.store(this.cid, "bob", UUID.randomUUID(), "b" + i);
		}
		this.h.run();
	}

	static List<Long> seqs(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

	@Test
	void afterAReconnectHistoryIsPagedUntilHasMoreIsFalseAndEverythingArrivesOnceInOrder() {
		Conversation conversation = open();
		this.h.connected();
		bobSends(3);
		this.h.server.refuseSockets = true;
		this.h.server.dropAll();
		this.h.run();
		bobSends(450);
		this.h.server.refuseSockets = false;
		int callsBefore = this.h.server.restCalls;

		this.h.advance(900);

		assertThat(this.delivered).containsExactlyElementsOf(seqs(1, 453));
		// conversation + three pages of 200 + receipts
		assertThat(this.h.server.restCalls - callsBefore).isEqualTo(5);
		ConversationSnapshot snapshot = conversation.snapshot();
		assertThat(snapshot.messages()).extracting(Message::seq).containsExactlyElementsOf(seqs(354, 453));
		assertThat(snapshot.hasOlder()).isTrue();
		assertThat(snapshot.catchingUp()).isFalse();
		assertThat(snapshot.lastSeq()).isEqualTo(453);
	}

	@Test
	void liveEventsDuringCatchUpAreHeldAndMergedWithoutDuplicatesOrGaps() {
		Conversation conversation = open();
		this.h.connected();
		this.h.server.dropAll();
		this.h.run();
		bobSends(5);
		this.h.server.holdRest = true;
		this.h.advance(900);
		assertThat(conversation.snapshot().catchingUp()).isTrue();
		bobSends(3); // live: seq 6..8 while history of 1..5 is in flight

		assertThat(conversation.snapshot().messages()).isEmpty();
		while (!this.h.server.heldRest.isEmpty()) {
			this.h.server.releaseRest();
			this.h.run();
		}

		assertThat(this.delivered).containsExactlyElementsOf(seqs(1, 8));
		assertThat(conversation.snapshot().messages()).extracting(Message::seq).containsExactlyElementsOf(seqs(1, 8));
	}

	@Test
	void aLiveGapIsFetchedFromHistory() {
		Conversation conversation = open();
		this.h.connected();
		bobSends(2);
		// seq 3 and 4 are stored but never reach this client live
		this.h.server.messages.get(this.cid)
			.add(new FakeServer.Stored(this.cid, 3, UUID.randomUUID(), "bob", UUID.randomUUID(), "lost 3"));
		this.h.server.messages.get(this.cid)
			.add(new FakeServer.Stored(this.cid, 4, UUID.randomUUID(), "bob", UUID.randomUUID(), "lost 4"));
		bobSends(1);

		assertThat(this.delivered).containsExactlyElementsOf(seqs(1, 5));
		assertThat(conversation.snapshot().messages()).extracting(Message::text)
			.containsExactly("b0", "b1", "lost 3", "lost 4", "b0");
	}

	@Test
	void duplicatesAfterAnEdgeRestartAreDropped() {
		Conversation conversation = open();
		this.h.connected();
		bobSends(3);
		this.h.server.messages.get(this.cid).forEach(this.h.server::publish);
		this.h.run();
		assertThat(this.delivered).containsExactly(1L, 2L, 3L);
		assertThat(conversation.snapshot().messages()).hasSize(3);
	}

	@Test
	void aFirstOpenShowsTheNewestHundredAndOlderOnesArePagedOnDemandWithoutBeingKept() {
		bobSends(250);
		Conversation conversation = open();
		this.h.connected();

		assertThat(conversation.snapshot().messages()).extracting(Message::seq)
			.containsExactlyElementsOf(seqs(151, 250));
		assertThat(this.delivered).containsExactlyElementsOf(seqs(151, 250));
		assertThat(conversation.snapshot().hasOlder()).isTrue();

		java.util.concurrent.CompletableFuture<List<Message>> page = conversation.loadOlder(50);
		this.h.run();
		List<Message> older = page.getNow(null);
		assertThat(older).extracting(Message::seq).containsExactlyElementsOf(seqs(101, 150));
		assertThat(conversation.snapshot().messages()).hasSize(100);
	}

	@Test
	void aConversationOpenedWithAStartingSeqDeliversEverythingAfterIt() {
		bobSends(30);
		Conversation conversation = this.h.client.conversation(this.cid, 20);
		conversation.onMessage(m -> this.delivered.add(m.seq()));
		this.h.connected();
		assertThat(this.delivered).containsExactlyElementsOf(seqs(21, 30));
	}

	@Test
	void anOwnMessageIsMergedWithItsStoredVersionByClientMessageId() {
		Conversation conversation = open();
		this.h.connected();
		bobSends(1);
		SendHandle mine = conversation.send("mine");
		this.h.run();
		bobSends(1);
		this.h.run();
		assertThat(conversation.snapshot().messages()).extracting(Message::text).containsExactly("b0", "mine", "b0");
		assertThat(conversation.snapshot().messages())
			.filteredOn(m -> mine.clientMessageId().equals(m.clientMessageId()))
			.singleElement()
			.satisfies(m -> assertThat(m.seq()).isEqualTo(2));
	}

	@Test
	void pendingMessagesFollowTheStoredOnes() {
		Conversation conversation = open();
		this.h.connected();
		bobSends(2);
		this.h.server.acks = FakeServer.Acks.LOST;
		conversation.send("waiting");
		bobSends(1);
		assertThat(conversation.snapshot().messages()).extracting(Message::status)
			.containsExactly(MessageStatus.RECEIVED, MessageStatus.RECEIVED, MessageStatus.RECEIVED,
					MessageStatus.SENDING);
	}

}
