package chat.client;

import java.time.Instant;

/**
 * A member's presence as the server last reported it.
 *
 * @param userId the member
 * @param online whether any of their sessions is open
 * @param lastSeenAt when they were last connected; may be {@code null}
 */
public record Presence(String userId, boolean online, Instant lastSeenAt) {
}
