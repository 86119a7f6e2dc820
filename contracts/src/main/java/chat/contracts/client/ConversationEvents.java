package chat.contracts.client;

/**
 * Destinations and event types of {@code /topic/conversations/{cid}}. Each event's JSON
 * carries its {@code type}; the edge also sends it as the STOMP header
 * {@value #EVENT_TYPE_HEADER}.
 */
public final class ConversationEvents {

	public static final String EVENT_TYPE_HEADER = "event-type";

	public static final String TOPIC_PREFIX = "/topic/conversations/";

	public static final String ACKS = "/queue/acks";

	public static final String ERRORS = "/queue/errors";

	private ConversationEvents() {
	}

	public static String topic(Object conversationId) {
		return TOPIC_PREFIX + conversationId;
	}

}
