package chat.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Time and timers for clients. Every timing rule of the SDK (backoff, ack timeouts,
 * heart-beats, typing, throttles) goes through this interface, so tests drive time by
 * hand. One scheduler may serve many clients: each client runs its own work one task at a
 * time on top of it.
 *
 * <p>
 * Implementations must be thread-safe. {@link #of(ScheduledExecutorService)} adapts a JDK
 * executor and uses {@link System#nanoTime()} as its clock.
 */
public interface ChatScheduler {

	/** Monotonic milliseconds (only differences are meaningful). */
	long nowMillis();

	/** Runs {@code task} once after {@code delayMillis}, on any thread. */
	Cancellable schedule(long delayMillis, Runnable task);

	/** Runs {@code task} soon, on any thread. */
	void execute(Runnable task);

	/** A scheduled task that can still be cancelled. */
	interface Cancellable {

		/** Cancels the task if it has not started; does nothing otherwise. */
		void cancel();

	}

	/** A scheduler on a JDK executor, with {@link System#nanoTime()} as its clock. */
	static ChatScheduler of(ScheduledExecutorService executor) {
		return new ChatScheduler() {

			@Override
			public long nowMillis() {
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
			}

			@Override
			public Cancellable schedule(long delayMillis, Runnable task) {
				var future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
				return () -> future.cancel(false);
			}

			@Override
			public void execute(Runnable task) {
				executor.execute(task);
			}
		};
	}

}
