package chat.contracts.client;

import chat.contracts.ChatJson;
import tools.jackson.core.JacksonException;

/**
 * Body of a SEND to {@code /app/conversations/{cid}/messages}. Fields are strings so that
 * a malformed {@code clientMessageId} can be echoed back in its REJECTED ack.
 *
 * @param clientMessageId a UUID chosen by the client; retries reuse it
 * @param text the message text
 */
public record SendMessageFrame(String clientMessageId, String text) {

	/** The frame in {@code body}, or null when it is not a JSON object of this shape. */
	public static SendMessageFrame parse(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			return ChatJson.mapper().readValue(body, SendMessageFrame.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
