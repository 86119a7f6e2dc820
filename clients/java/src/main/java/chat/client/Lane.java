package chat.client;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one client's tasks one at a time, in submission order, on a possibly shared
 * {@link ChatScheduler}. All of a client's state is touched only by tasks on its lane, so
 * it needs no locks.
 */
final class Lane implements Executor {

	private static final System.Logger log = System.getLogger(Lane.class.getName());

	private final ChatScheduler scheduler;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean draining = new AtomicBoolean();

	Lane(ChatScheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		if (this.draining.compareAndSet(false, true)) {
			this.scheduler.execute(this::drain);
		}
	}

	/**
	 * Runs {@code task} on this lane after {@code delayMillis}; once cancelled (on the
	 * lane) it never runs, even if its timer already fired.
	 */
	ChatScheduler.Cancellable schedule(long delayMillis, Runnable task) {
		AtomicBoolean cancelled = new AtomicBoolean();
		ChatScheduler.Cancellable timer = this.scheduler.schedule(Math.max(0, delayMillis), () -> execute(() -> {
			if (!cancelled.get()) {
				task.run();
			}
		}));
		return () -> {
			cancelled.set(true);
			timer.cancel();
		};
	}

	long now() {
		return this.scheduler.nowMillis();
	}

	private void drain() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.log(Level.ERROR, "chat client task failed", ex);
			}
		}
		this.draining.set(false);
		if (!this.tasks.isEmpty() && this.draining.compareAndSet(false, true)) {
			this.scheduler.execute(this::drain);
		}
	}

}
