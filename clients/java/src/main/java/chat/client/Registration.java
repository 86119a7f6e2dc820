package chat.client;

/** A listener registration; {@link #close()} removes the listener. */
@FunctionalInterface
public interface Registration extends AutoCloseable {

	@Override
	void close();

}
