package chat.contracts;

import java.util.List;

/**
 * Every Kafka topic of the system, with its key and its single writer. Topics are declared by their
 * writer at start-up and never auto-created; dead letters go to {@code <topic>.dlt}.
 */
public final class Topics {

	/** Send commands, edge → message service. Key: conversationId. */
	public static final String MESSAGE_COMMANDS = "chat.message-commands.v1";

	/** Stored messages (public), message service → edge, receipts, analytics. Key: conversationId. */
	public static final String MESSAGES = "chat.messages.v1";

	/** Rejected sends, message service → edge. Key: senderId. */
	public static final String MESSAGE_REJECTIONS = "chat.message-rejections.v1";

	/** Compacted: the members of each conversation, message service → edge. Key: conversationId. */
	public static final String CONVERSATIONS = "chat.conversations.v1";

	/** Suffix of the dead-letter topic that belongs to each consumed topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	/** Topics whose latest record per key is the state (compacted). */
	public static final List<String> COMPACTED = List.of(CONVERSATIONS);

	private Topics() {
	}

	public static String deadLetter(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

}
