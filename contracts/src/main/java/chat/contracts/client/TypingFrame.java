package chat.contracts.client;

/**
 * Body of a SEND to {@code /app/conversations/{cid}/typing}; refresh {@code true} while
 * typing.
 */
public record TypingFrame(Boolean typing) {

}
