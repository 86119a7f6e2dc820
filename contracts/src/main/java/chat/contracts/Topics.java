package chat.contracts;

import java.util.List;

/**
 * Every Kafka topic of the system, with its key and its single writer. Topics are
 * declared by their writer at start-up and never auto-created; dead letters go to
 * {@code <topic>.dlt}.
 */
public final class Topics {

	/** Send commands, edge → message service. Key: conversationId. */
	public static final String MESSAGE_COMMANDS = "chat.message-commands.v1";

	/**
	 * Stored messages (public), message service → edge, receipts, analytics. Key:
	 * conversationId.
	 */
	public static final String MESSAGES = "chat.messages.v1";

	/** Rejected sends, message service → edge. Key: senderId. */
	public static final String MESSAGE_REJECTIONS = "chat.message-rejections.v1";

	/**
	 * Compacted: the members of each conversation, message service → edge. Key:
	 * conversationId.
	 */
	public static final String CONVERSATIONS = "chat.conversations.v1";

	/**
	 * Session opened/closed (key: userId) and node heartbeats (key: nodeId), edge →
	 * presence service.
	 */
	public static final String CONNECTIONS = "chat.connections.v1";

	/** Typing on/off, edge → presence service. Key: conversationId. */
	public static final String TYPING_COMMANDS = "chat.typing-commands.v1";

	/**
	 * Compacted: current presence of each user (public), presence service → edge,
	 * analytics. Key: userId.
	 */
	public static final String PRESENCE = "chat.presence.v1";

	/** Coalesced typing snapshots, presence service → edge. Key: conversationId. */
	public static final String TYPING = "chat.typing.v1";

	/** Delivered/read watermarks, edge → receipt service. Key: conversationId. */
	public static final String RECEIPT_COMMANDS = "chat.receipt-commands.v1";

	/**
	 * Watermark changes (public), receipt service → edge, analytics. Key: conversationId.
	 */
	public static final String RECEIPTS = "chat.receipts.v1";

	/**
	 * Compacted: user revocations (logout everywhere, ban), edge (admin call) → every
	 * edge node. Key: userId.
	 */
	public static final String REVOCATIONS = "chat.revocations.v1";

	/** Suffix of the dead-letter topic that belongs to each consumed topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	/** Topics whose latest record per key is the state (compacted). */
	public static final List<String> COMPACTED = List.of(CONVERSATIONS, PRESENCE, REVOCATIONS);

	private Topics() {
	}

	public static String deadLetter(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

}
