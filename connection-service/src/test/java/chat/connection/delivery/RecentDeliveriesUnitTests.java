package chat.connection.delivery;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

class RecentDeliveriesUnitTests {

	@Test
	void aReEmittedSeqIsNotShownAgain() {
		RecentDeliveries recent = new RecentDeliveries();
		UUID conversation = UUID.randomUUID();

		assertThat(recent.firstDelivery(conversation, 1)).isTrue();
		assertThat(recent.firstDelivery(conversation, 2)).isTrue();
		assertThat(recent.firstDelivery(conversation, 1)).isFalse();
		assertThat(recent.firstDelivery(conversation, 2)).isFalse();
		assertThat(recent.firstDelivery(conversation, 3)).isTrue();
		assertThat(recent.firstDelivery(UUID.randomUUID(), 1)).isTrue();
	}

	@Test
	void memoryIsBoundedAndTheLeastRecentlyActiveConversationIsForgottenFirst() {
		RecentDeliveries recent = new RecentDeliveries(2);
		UUID quiet = UUID.randomUUID();
		UUID busy = UUID.randomUUID();
		recent.firstDelivery(quiet, 5);
		recent.firstDelivery(busy, 5);
		recent.firstDelivery(busy, 6);

		recent.firstDelivery(UUID.randomUUID(), 1);

		assertThat(recent.size()).isEqualTo(2);
		assertThat(recent.firstDelivery(busy, 6)).isFalse();
		assertThat(recent.firstDelivery(quiet, 5)).isTrue();
	}

	/**
	 * Any in-order stream with re-emissions of earlier seqs (as a retried batch produces)
	 * is shown exactly once per seq, in order.
	 */
	@Test
	void anInOrderStreamWithReEmissionsIsShownOncePerSeq() {
		qt().forAll(lists().of(integers().between(0, 5)).ofSizeBetween(1, 100)).checkAssert(backsteps -> {
			RecentDeliveries recent = new RecentDeliveries();
			UUID conversation = UUID.randomUUID();
			java.util.List<Long> shown = new java.util.ArrayList<>();
			long next = 1;
			for (int back : backsteps) {
				for (long seq = Math.max(1, next - back); seq <= next; seq++) {
					if (recent.firstDelivery(conversation, seq)) {
						shown.add(seq);
					}
				}
				next++;
			}
			assertThat(shown).hasSize(backsteps.size()).isSorted().doesNotHaveDuplicates();
		});
	}

}
