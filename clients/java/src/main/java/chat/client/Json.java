package chat.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The wire's JSON, read leniently: unknown fields are ignored, absent ones are null. */
final class Json {

	static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static JsonNode parse(String text) {
		return MAPPER.readTree(text);
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	static UUID uuid(JsonNode node, String field) {
		String value = text(node, field);
		try {
			return (value != null) ? UUID.fromString(value) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static long number(JsonNode node, String field, long fallback) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? value.asLong() : fallback;
	}

	static Instant instant(JsonNode node, String field) {
		String value = text(node, field);
		return (value != null) ? Instant.parse(value) : null;
	}

	static List<String> strings(JsonNode node, String field) {
		List<String> values = new ArrayList<>();
		JsonNode array = node.get(field);
		if (array != null && array.isArray()) {
			array.forEach(item -> values.add(item.asString()));
		}
		return values;
	}

	/** A stored message from a {@code message.created} event or a history page. */
	static Message storedMessage(JsonNode node) {
		return new Message(uuid(node, "conversationId"), uuid(node, "clientMessageId"), uuid(node, "messageId"),
				number(node, "seq", 0), text(node, "senderId"), text(node, "text"), instant(node, "createdAt"),
				MessageStatus.RECEIVED, null);
	}

	/**
	 * The error of an ack, an error frame body or a queue error; {@code null} if none.
	 */
	static ChatError error(JsonNode node) {
		if (node == null || !node.isObject()) {
			return null;
		}
		return new ChatError(String.valueOf(text(node, "code")), String.valueOf(text(node, "message")));
	}

	/**
	 * {@code retryAfterMs} of an ack's error or an error body (where the server puts it),
	 * or -1.
	 */
	static long retryAfterMillis(JsonNode node) {
		if (node == null) {
			return -1;
		}
		long direct = number(node, "retryAfterMs", -1);
		JsonNode error = node.get("error");
		return (direct >= 0 || error == null) ? direct : number(error, "retryAfterMs", -1);
	}

}
