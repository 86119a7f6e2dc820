package chat.contracts.client;

/**
 * Body of a SEND to {@code /app/conversations/{cid}/messages}. Fields are strings so that
 * a malformed {@code clientMessageId} can be echoed back in its REJECTED ack.
 *
 * @param clientMessageId a UUID chosen by the client; retries reuse it
 * @param text the message text
 */
public record SendMessageFrame(String clientMessageId, String text) {

}
