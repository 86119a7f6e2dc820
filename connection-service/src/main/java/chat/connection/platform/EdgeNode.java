package chat.connection.platform;

/**
 * This edge instance. Its fan-out listeners use consumer groups of their own
 * ({@link #group(String)}), so every edge node sees every event and delivers it to its
 * own sessions.
 *
 * @param id {@code chat.edge.node-id}
 */
public record EdgeNode(String id) {

	public String group(String listener) {
		return "connection-service-" + this.id + "-" + listener;
	}

}
