package chat.client;

/**
 * Where a message stands, as {@code docs/protocol.md} defines it for its sender.
 * {@link #RECEIVED} marks other members' messages.
 */
public enum MessageStatus {

	/** Created here, not acknowledged yet (queued, in flight or waiting to retry). */
	SENDING,

	/** The ACCEPTED ack arrived: stored, never lost. */
	SENT,

	/** Every other member's delivered watermark reached the message's seq. */
	DELIVERED,

	/** Every other member's read watermark reached the message's seq. */
	READ,

	/**
	 * Rejected, or no ack after every retry; {@link Conversation#retry} resends it with
	 * the same id.
	 */
	FAILED,

	/** A message of another member. */
	RECEIVED

}
