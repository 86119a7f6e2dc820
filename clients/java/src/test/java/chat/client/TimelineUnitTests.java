package chat.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineUnitTests {

	final UUID cid = UUID.randomUUID();

	final Timeline timeline = new Timeline(this.cid, () -> "me", 3);

	Message stored(long seq, String sender) {
		return new Message(this.cid, UUID.randomUUID(), UUID.randomUUID(), seq, sender, "t" + seq, Instant.EPOCH,
				MessageStatus.RECEIVED, null);
	}

	@Test
	void aMessageBeyondAGapWaitsUntilTheGapIsFilled() {
		this.timeline.startAfter(0);
		assertThat(this.timeline.add(stored(1, "a"))).extracting(Message::seq).containsExactly(1L);
		assertThat(this.timeline.add(stored(3, "a"))).isEmpty();
		assertThat(this.timeline.hasGap()).isTrue();
		assertThat(this.timeline.lastSeq()).isEqualTo(1);
		assertThat(this.timeline.add(stored(2, "a"))).extracting(Message::seq).containsExactly(2L, 3L);
		assertThat(this.timeline.hasGap()).isFalse();
	}

	@Test
	void duplicatesAreDroppedWhetherShownOrWaiting() {
		this.timeline.startAfter(0);
		Message first = stored(1, "a");
		this.timeline.add(first);
		this.timeline.add(stored(3, "a"));
		assertThat(this.timeline.add(first)).isEmpty();
		assertThat(this.timeline.add(stored(3, "a"))).isEmpty();
		assertThat(this.timeline.display(m -> MessageStatus.RECEIVED)).hasSize(1);
	}

	@Test
	void onlyTheNewestCapacityMessagesAreKept() {
		this.timeline.startAfter(0);
		for (long seq = 1; seq <= 5; seq++) {
			this.timeline.add(stored(seq, "a"));
		}
		assertThat(this.timeline.display(m -> MessageStatus.RECEIVED)).extracting(Message::seq)
			.containsExactly(3L, 4L, 5L);
		assertThat(this.timeline.hasOlder()).isTrue();
		assertThat(this.timeline.oldestSeq()).isEqualTo(3);
	}

	@Test
	void anOptimisticMessageIsReplacedByItsStoredVersionAndPendingOnesComeLast() {
		this.timeline.startAfter(0);
		UUID mine = UUID.randomUUID();
		UUID later = UUID.randomUUID();
		this.timeline.sending(mine, "mine", Instant.EPOCH);
		this.timeline.sending(later, "later", Instant.EPOCH);
		this.timeline.add(stored(1, "a"));
		assertThat(this.timeline.display(m -> MessageStatus.RECEIVED)).extracting(Message::text)
			.containsExactly("t1", "mine", "later");

		this.timeline.acked(new SendResult(this.cid, mine, UUID.randomUUID(), 3, Instant.EPOCH));
		assertThat(this.timeline.pending(mine).status()).isEqualTo(MessageStatus.SENT);
		this.timeline.add(new Message(this.cid, mine, UUID.randomUUID(), 3, "me", "mine", Instant.EPOCH,
				MessageStatus.RECEIVED, null));
		this.timeline.add(stored(2, "a"));

		List<Message> shown = this.timeline.display(m -> MessageStatus.SENT);
		assertThat(shown).extracting(Message::text).containsExactly("t1", "t2", "mine", "later");
		assertThat(shown).extracting(Message::seq).containsExactly(1L, 2L, 3L, 0L);
	}

	@Test
	void storedMessagesBeforeTheStartingPointAreIgnored() {
		this.timeline.add(stored(1, "a"));
		this.timeline.add(stored(6, "a"));
		assertThat(this.timeline.startAfter(5)).extracting(Message::seq).containsExactly(6L);
		assertThat(this.timeline.hasOlder()).isTrue();
	}

}
