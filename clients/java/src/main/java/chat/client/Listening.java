package chat.client;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** A listener and the executor it runs on; a throwing listener is logged, not fatal. */
record Listening<T>(Consumer<T> listener, Executor executor) {

	private static final System.Logger log = System.getLogger(Listening.class.getName());

	void deliver(T value) {
		this.executor.execute(() -> {
			try {
				this.listener.accept(value);
			}
			catch (RuntimeException ex) {
				log.log(Level.WARNING, "A chat client listener failed", ex);
			}
		});
	}

}
