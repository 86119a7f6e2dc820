package chat.presence.online;

/** The caller asked for the presence of a user they share no conversation with. */
public class NoSharedConversation extends RuntimeException {

	public NoSharedConversation(String userId) {
		super("no shared conversation with user " + userId);
	}

}
