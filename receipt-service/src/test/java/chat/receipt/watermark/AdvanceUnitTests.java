package chat.receipt.watermark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import chat.contracts.receipt.AdvanceReceipt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How commands of one member coalesce before they are written. */
class AdvanceUnitTests {

	private static final UUID CONVERSATION = UUID.randomUUID();

	@Test
	void readMovesDeliveredToo() {
		Advance read = Advance.of(command(AdvanceReceipt.Kind.READ, 4));

		assertThat(read.deliveredUpToSeq()).isEqualTo(4);
		assertThat(read.readUpToSeq()).isEqualTo(4);
	}

	@Test
	void deliveredLeavesReadAlone() {
		Advance delivered = Advance.of(command(AdvanceReceipt.Kind.DELIVERED, 4));

		assertThat(delivered.deliveredUpToSeq()).isEqualTo(4);
		assertThat(delivered.readUpToSeq()).isZero();
	}

	@Test
	void mergeKeepsThePerFieldMaximumInAnyOrder() {
		List<Advance> advances = List.of(Advance.of(command(AdvanceReceipt.Kind.READ, 3)),
				Advance.of(command(AdvanceReceipt.Kind.READ, 1)), Advance.of(command(AdvanceReceipt.Kind.DELIVERED, 7)),
				Advance.of(command(AdvanceReceipt.Kind.DELIVERED, 2)));

		Advance forward = advances.stream().reduce(Advance::merge).orElseThrow();
		List<Advance> reversed = new ArrayList<>(advances);
		Collections.reverse(reversed);
		Advance backward = reversed.stream().reduce(Advance::merge).orElseThrow();

		assertThat(forward).isEqualTo(backward);
		assertThat(forward.deliveredUpToSeq()).isEqualTo(7);
		assertThat(forward.readUpToSeq()).isEqualTo(3);
	}

	@Test
	void readAboveDeliveredIsDeliveredToo() {
		Advance advance = new Advance(CONVERSATION, "bob", 2, 5);

		assertThat(advance.deliveredUpToSeq()).isEqualTo(5);
	}

	@Test
	void ownMessageIsReadAndDelivered() {
		Advance own = Advance.ownMessage(CONVERSATION, "alice", 9);

		assertThat(own.deliveredUpToSeq()).isEqualTo(9);
		assertThat(own.readUpToSeq()).isEqualTo(9);
	}

	private static AdvanceReceipt command(AdvanceReceipt.Kind kind, long upToSeq) {
		return new AdvanceReceipt(UUID.randomUUID(), Instant.now(), CONVERSATION, "bob", kind, upToSeq);
	}

}
