package chat.contracts.message;

import chat.contracts.ChatRecord;

/** What the message service says about a send: it was stored, or it was refused. */
public sealed interface MessageEvent extends ChatRecord permits MessageCreated, MessageRejected {

	/** The sender, whose every session gets the ack. */
	String senderId();

}
