package chat.benchmark;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerUnitTests {

	private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long DEADLINE = 5000 * MS;

	private final Ledger ledger = new Ledger(10, 3);

	private final Ledger.Stage stage = new Ledger.Stage("measure", 2, 5, false, 0);

	private void send(int index, int sender, long intended) {
		this.ledger.planned(index, this.stage, 0, sender, intended);
		this.stage.sentOne();
	}

	@Test
	void latencyIsMeasuredFromTheIntendedSendTimeNotFromWhenTheGeneratorSent() {
		// Intended at 0; whenever the frame actually left, the ack at 250 ms is 250 ms.
		send(0, 0, 0);
		this.ledger.acked(0, true, null, 250 * MS);
		this.ledger.delivered(0, 1, 300 * MS, DEADLINE);
		this.ledger.delivered(0, 2, 400 * MS, DEADLINE);
		assertThat(this.stage.ackLatency.getValueAtPercentile(100)).isBetween(249_000L, 251_000L);
		assertThat(this.stage.deliveryLatency.getTotalCount()).isEqualTo(2);
		assertThat(this.stage.deliveryLatency.getMaxValue()).isBetween(399_000L, 401_000L);
		assertThat(this.ledger.complete(this.stage)).isTrue();
		assertThat(this.ledger.outcome(this.stage)).isEqualTo(new Ledger.Outcome(1, 1, 0, 0, 0));
	}

	@Test
	void theSendersOwnCopyIsNoDeliveryAndASecondCopyIsADuplicate() {
		send(0, 1, 0);
		this.ledger.acked(0, true, null, MS);
		assertThat(this.ledger.delivered(0, 1, 2 * MS, DEADLINE)).isTrue();
		assertThat(this.ledger.delivered(0, 0, 2 * MS, DEADLINE)).isTrue();
		assertThat(this.ledger.delivered(0, 0, 3 * MS, DEADLINE)).isFalse();
		assertThat(this.stage.duplicates.sum()).isEqualTo(1);
		assertThat(this.stage.deliveryLatency.getTotalCount()).isEqualTo(1);
		// Member 2 never got it: one delivery lost, of one message.
		assertThat(this.ledger.complete(this.stage)).isFalse();
		assertThat(this.ledger.outcome(this.stage)).isEqualTo(new Ledger.Outcome(1, 1, 0, 1, 1));
	}

	@Test
	void rejectedAndUnackedMessagesAreCountedButNotAsLost() {
		send(0, 0, 0);
		send(1, 0, MS);
		this.ledger.acked(0, false, "OVERLOADED", 2 * MS);
		this.ledger.acked(0, true, null, 3 * MS);
		assertThat(this.stage.rejected.get("OVERLOADED").sum()).isEqualTo(1);
		assertThat(this.stage.duplicateAcks.sum()).isEqualTo(1);
		assertThat(this.stage.ackLatency.getTotalCount()).isZero();
		assertThat(this.ledger.outcome(this.stage)).isEqualTo(new Ledger.Outcome(2, 0, 1, 0, 0));
	}

	@Test
	void aDeliveryAfterTheDeadlineIsLate() {
		send(0, 0, 0);
		this.ledger.delivered(0, 1, DEADLINE + MS, DEADLINE);
		this.ledger.delivered(0, 2, MS, DEADLINE);
		assertThat(this.stage.late.sum()).isEqualTo(1);
	}

}
