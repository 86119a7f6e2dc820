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

	/** Notices about the session itself ({@link SessionNotice}), to that session only. */
	public static final String SESSION = "/queue/session";

	/** Where a client SENDs a {@link TokenRefreshFrame} to refresh its token in band. */
	public static final String TOKEN_REFRESH = "/app/session/token";

	private ConversationEvents() {
	}

	public static String topic(Object conversationId) {
		return TOPIC_PREFIX + conversationId;
	}

}
