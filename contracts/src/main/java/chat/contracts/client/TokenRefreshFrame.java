package chat.contracts.client;

/**
 * SENT by a client to {@code /app/session/token}: a fresh token for the same user, so the
 * session outlives its first token without reconnecting.
 */
public record TokenRefreshFrame(String token) {

}
