package chat.receipt.watermark;

import java.util.Comparator;
import java.util.UUID;

import chat.contracts.receipt.AdvanceReceipt;

/**
 * Where one member's watermarks should move to, before clamping: the coalesced form of
 * any number of receipt commands (and own sends) of one (conversation, user). Read
 * implies delivered, so {@code deliveredUpToSeq >= readUpToSeq} always.
 */
record Advance(UUID conversationId, String userId, long deliveredUpToSeq, long readUpToSeq) {

	/**
	 * The order rows are written in, the same in every transaction, so concurrent writers
	 * cannot deadlock.
	 */
	static final Comparator<Advance> WRITE_ORDER = Comparator.comparing(Advance::conversationId)
		.thenComparing(Advance::userId);

	Advance {
		deliveredUpToSeq = Math.max(deliveredUpToSeq, readUpToSeq);
	}

	static Advance of(AdvanceReceipt command) {
		long seq = command.upToSeq();
		return switch (command.kind()) {
			case DELIVERED -> new Advance(command.conversationId(), command.userId(), seq, 0);
			case READ -> new Advance(command.conversationId(), command.userId(), seq, seq);
		};
	}

	/** A sender has read everything up to the message it sent. */
	static Advance ownMessage(UUID conversationId, String senderId, long seq) {
		return new Advance(conversationId, senderId, seq, seq);
	}

	/** The per-field maximum of two advances of the same member. */
	Advance merge(Advance other) {
		return new Advance(this.conversationId, this.userId, Math.max(this.deliveredUpToSeq, other.deliveredUpToSeq),
				Math.max(this.readUpToSeq, other.readUpToSeq));
	}

	Key key() {
		return new Key(this.conversationId, this.userId);
	}

	/** One member of one conversation. */
	record Key(UUID conversationId, String userId) {
	}

}
