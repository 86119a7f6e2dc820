package chat.receipt.membership;

/**
 * Published once per start, when {@link Memberships} has read
 * {@code chat.conversations.v1} up to the end offsets it had at start-up. Until then a
 * receipt command cannot be judged (its sender would look like a non-member), so the
 * command listener starts only after this event.
 *
 * @param conversations conversations known at that moment
 */
public record MembershipsLoaded(int conversations) {
}
