package chat.presence.online;

/** A request that breaks a rule the caller can fix; the message says which. */
public class InvalidRequest extends RuntimeException {

	public InvalidRequest(String message) {
		super(message);
	}

}
