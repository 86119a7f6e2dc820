package chat.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Seed properties 2 (order) and 4 (no loss on reconnection) on the timeline: a
 * conversation of N messages, some of them this client's own, reaches the client in a
 * random interleaving of live events (shuffled, duplicated, some lost), history pages
 * from random points, acks of its own sends (some twice, some never). Whatever the
 * interleaving, once history has been paged to the end the client shows the newest
 * messages in strictly increasing, gap-free seq order, one entry per clientMessageId,
 * nothing pending that is stored, and every seq was handed out exactly once, in order.
 */
class TimelinePropertyUnitTests {

	static final String ME = "me";

	static final int CAPACITY = 20;

	@Test
	void anyInterleavingEndsGapFreeOrderedAndWithoutDuplicates() {
		qt().withExamples(400)
			.forAll(integers().between(1, 80), longs().all(), integers().between(0, 3))
			.checkAssert(this::holdsFor);
	}

	private void holdsFor(int size, long seed, int startAfterChoice) {
		Random random = new Random(seed);
		UUID conversation = UUID.randomUUID();
		List<Message> all = new ArrayList<>();
		Set<UUID> mine = new HashSet<>();
		for (long seq = 1; seq <= size; seq++) {
			boolean own = random.nextInt(3) == 0;
			UUID clientId = UUID.randomUUID();
			if (own) {
				mine.add(clientId);
			}
			all.add(new Message(conversation, clientId, UUID.randomUUID(), seq, own ? ME : "other" + random.nextInt(3),
					"t" + seq, Instant.EPOCH.plusSeconds(seq), MessageStatus.RECEIVED, null));
		}
		long startAfter = switch (startAfterChoice) {
			case 0 -> 0;
			case 1 -> Math.max(0, size - CAPACITY);
			default -> random.nextInt(size);
		};
		Timeline timeline = new Timeline(conversation, () -> ME, CAPACITY);
		List<Long> handedOut = new ArrayList<>();
		Map<UUID, Message> byClientId = new HashMap<>();
		all.forEach(m -> byClientId.put(m.clientMessageId(), m));

		// The steps: each message may come live (0..2 times), own ones are sent before
		// and acked (0..2 times) in between; history pages interleave; the starting
		// point is set at a random moment.
		List<Runnable> steps = new ArrayList<>();
		List<Runnable> sends = new ArrayList<>();
		for (Message m : all) {
			int live = random.nextInt(3);
			for (int i = 0; i < live; i++) {
				steps.add(() -> handedOut.addAll(seqs(timeline.add(m))));
			}
			if (mine.contains(m.clientMessageId())) {
				sends.add(() -> timeline.sending(m.clientMessageId(), m.text(), m.createdAt()));
				// One older than the starting point is never shown: only its ack (which
				// the outbox waits for) settles it.
				int acks = (m.seq() <= startAfter) ? 1 + random.nextInt(2) : random.nextInt(3);
				for (int i = 0; i < acks; i++) {
					steps.add(() -> timeline.acked(
							new SendResult(conversation, m.clientMessageId(), m.messageId(), m.seq(), m.createdAt())));
				}
			}
		}
		for (int i = 0; i < 1 + random.nextInt(4); i++) {
			steps.add(() -> page(timeline, all, random.nextInt(10) + 1, handedOut));
		}
		java.util.Collections.shuffle(steps, random);
		// a send always comes before its own acks
		int startAt = random.nextInt(steps.size() + 1);
		steps.add(startAt, () -> handedOut.addAll(seqs(timeline.startAfter(startAfter))));
		// A message is sent before the server can store it: the sends come first.
		sends.forEach(Runnable::run);
		steps.forEach(Runnable::run);
		if (!timeline.started()) {
			handedOut.addAll(seqs(timeline.startAfter(startAfter)));
		}
		// catch-up after the last reconnect: page until hasMore is false
		while (timeline.lastSeq() < size) {
			page(timeline, all, 7, handedOut);
		}

		assertThat(handedOut).containsExactlyElementsOf(LongStream.rangeClosed(startAfter + 1, size).boxed().toList());
		List<Message> shown = timeline.display(m -> MessageStatus.SENT);
		List<Long> shownSeqs = shown.stream().map(Message::seq).toList();
		long from = Math.max(startAfter + 1, size - CAPACITY + 1);
		List<Long> pendingSeqs = shown.stream().filter(m -> m.seq() == 0).map(Message::seq).toList();
		assertThat(shownSeqs.stream().filter(s -> s > 0).toList())
			.containsExactlyElementsOf(LongStream.rangeClosed(from, size).boxed().toList());
		assertThat(shown.stream().map(Message::clientMessageId).toList()).doesNotHaveDuplicates();
		// Every own message is stored: at most the ones older than what is kept were
		// never shown; none stays pending.
		assertThat(pendingSeqs).isEmpty();
		assertThat(timeline.hasGap()).isFalse();
	}

	private static void page(Timeline timeline, List<Message> all, int limit, List<Long> handedOut) {
		long after = timeline.lastSeq();
		all.stream().filter(m -> m.seq() > after).limit(limit).forEach(m -> handedOut.addAll(seqs(timeline.add(m))));
	}

	private static List<Long> seqs(List<Message> visible) {
		return visible.stream().map(Message::seq).toList();
	}

}
