package chat.receipt.watermark;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import chat.contracts.message.MessageCreated;
import chat.contracts.receipt.AdvanceReceipt;
import chat.contracts.receipt.ReceiptUpdated;
import chat.receipt.membership.Memberships;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies receipt commands and sent messages to the watermarks, one batch at a time:
 * coalesces them to at most one write per (conversation, user), writes them in one
 * transaction with one upsert, and publishes one {@link ReceiptUpdated} per row that
 * changed. A receipt above the conversation's last seq known here (it overtook its
 * {@code message.created}, which travels on another topic) is clamped now and its rest
 * kept ({@code receipts_ahead}, at most {@code max-ahead} above) until the messages
 * arrive; the message batch then applies it.
 *
 * <p>
 * The events are published, and acknowledged by Kafka, <em>inside</em> the transaction,
 * which commits only afterwards. So a change is never committed without its event: a
 * crash before the commit rolls the change back and the redelivered batch makes it (and
 * its event) again; a crash after the commit leaves the offsets uncommitted, the
 * redelivered batch changes nothing and publishes nothing, but its events are already
 * out. The price is an event that may precede its commit by the commit's duration, and in
 * the rare case of a failed commit an event that is repeated by the retry.
 *
 * <p>
 * Thread-safe. Concurrent batches (the command and the message listener, or two instances
 * during a rebalance) meet on row locks, which they take in the same order.
 */
@Service
class Receipts {

	private final Watermarks watermarks;

	private final ReceiptEvents events;

	private final Memberships memberships;

	private final TransactionTemplate transactions;

	private final ReceiptMetrics metrics;

	private final Duration membershipGrace;

	private final long maxAhead;

	private final Clock clock;

	Receipts(Watermarks watermarks, ReceiptEvents events, Memberships memberships, TransactionTemplate transactions,
			ReceiptMetrics metrics, WatermarkProperties properties, Clock clock) {
		this.watermarks = watermarks;
		this.events = events;
		this.memberships = memberships;
		this.transactions = transactions;
		this.metrics = metrics;
		this.membershipGrace = properties.membershipGrace();
		this.maxAhead = properties.maxAhead();
		this.clock = clock;
	}

	/**
	 * What a batch of commands came to.
	 *
	 * @param published the events of the rows that changed
	 * @param processed how many commands, from the start, were applied or ignored; the
	 * command at this index (if any) is from a user not known as a member yet, within the
	 * grace period, and must be retried
	 */
	record Outcome(List<ReceiptUpdated> published, int processed) {
	}

	/**
	 * Applies receipt commands in order up to the first one from a user whose membership
	 * is not known yet but may still arrive; commands of users not known as members after
	 * the grace period are ignored.
	 */
	Outcome advance(List<AdvanceReceipt> commands) {
		Instant now = now();
		Map<Advance.Key, Advance> coalesced = new HashMap<>();
		List<AdvanceReceipt> applied = new ArrayList<>(commands.size());
		int ignored = 0;
		int processed = 0;
		for (AdvanceReceipt command : commands) {
			if (!this.memberships.isMember(command.conversationId(), command.userId())) {
				if (command.occurredAt().plus(this.membershipGrace).isAfter(now)) {
					break;
				}
				ignored++;
			}
			else {
				Advance advance = Advance.of(command);
				coalesced.merge(advance.key(), advance, Advance::merge);
				applied.add(command);
			}
			processed++;
		}
		List<ReceiptUpdated> published = (coalesced.isEmpty()) ? List.of() : this.transactions.execute(status -> {
			List<Advance> advances = coalesced.values().stream().toList();
			this.watermarks.lockConversations(advances.stream().map(Advance::conversationId).distinct().toList());
			List<ReceiptUpdated> changed = write(advances, now);
			// a receipt that overtook its message: applied when messagesCreated learns
			// the seq
			this.watermarks.keepAhead(advances, this.maxAhead);
			return changed;
		});
		this.metrics.consumed(processed, ignored);
		this.metrics.commandWrites(published.size());
		recordLag(applied, published);
		return new Outcome(published, processed);
	}

	/**
	 * Learns each conversation's last seq from stored messages and moves every sender's
	 * read (and so delivered) watermark up to the message they sent. That move is stored
	 * (REST, unread counts) but not published: every client infers it from the
	 * {@code message.created} itself (docs/protocol.md), and publishing it would add one
	 * {@code receipt.updated} to every subscriber for every message. Receipts kept ahead
	 * and now within the last seq are applied and published.
	 * @return the events of the rows that changed
	 */
	List<ReceiptUpdated> messagesCreated(List<MessageCreated> messages) {
		Instant now = now();
		Map<UUID, Long> lastSeqs = new HashMap<>();
		Map<Advance.Key, Advance> ownReads = new HashMap<>();
		for (MessageCreated message : messages) {
			lastSeqs.merge(message.conversationId(), message.seq(), Math::max);
			Advance read = Advance.ownMessage(message.conversationId(), message.senderId(), message.seq());
			ownReads.merge(read.key(), read, Advance::merge);
		}
		List<ReceiptUpdated> published = this.transactions.execute(status -> {
			this.watermarks.raiseLastSeq(lastSeqs);
			this.watermarks.advance(List.copyOf(ownReads.values()), now);
			// receipts that arrived before these messages, now within the new last seqs
			Map<Advance.Key, Advance> advances = new HashMap<>();
			List<Advance> ahead = this.watermarks.takeAhead(lastSeqs.keySet());
			ahead.forEach(advance -> advances.merge(advance.key(), advance, Advance::merge));
			List<ReceiptUpdated> changed = write(List.copyOf(advances.values()), now);
			this.watermarks.keepAhead(ahead, this.maxAhead);
			return changed;
		});
		this.metrics.messageWrites(published.size());
		return published;
	}

	/**
	 * Upserts, then publishes the changes and waits for Kafka; runs inside the caller's
	 * transaction.
	 */
	private List<ReceiptUpdated> write(List<Advance> advances, Instant now) {
		List<ReceiptUpdated> changed = this.watermarks.advance(advances, now)
			.stream()
			.map(row -> new ReceiptUpdated(UUID.randomUUID(), now, row.conversationId(), row.userId(),
					row.deliveredUpToSeq(), row.readUpToSeq()))
			.toList();
		this.events.publish(changed);
		return changed;
	}

	/** Publish lag of every applied command whose (conversation, user) changed. */
	private void recordLag(List<AdvanceReceipt> applied, List<ReceiptUpdated> published) {
		if (published.isEmpty()) {
			return;
		}
		Instant acknowledged = this.clock.instant();
		Set<Advance.Key> changed = new HashSet<>();
		published.forEach(event -> changed.add(new Advance.Key(event.conversationId(), event.userId())));
		for (AdvanceReceipt command : applied) {
			if (changed.contains(new Advance.Key(command.conversationId(), command.userId()))) {
				this.metrics.published(Duration.between(command.occurredAt(), acknowledged));
			}
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
