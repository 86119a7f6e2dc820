package chat.contracts.presence;

import chat.contracts.ChatRecord;

/** What an edge node reports on {@link chat.contracts.Topics#CONNECTIONS}. */
public sealed interface ConnectionEvent extends ChatRecord permits SessionOpened, SessionClosed, NodeHeartbeat {

	/** The edge node that reports it. */
	String nodeId();

}
