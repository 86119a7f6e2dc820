package chat.client;

import java.util.PriorityQueue;

/**
 * Time that moves only when a test says so. {@link #advance} runs every task that falls
 * due, in time order, with {@link #nowMillis()} set to each task's time.
 */
final class FakeScheduler implements ChatScheduler {

	private final class Task implements Comparable<Task>, Cancellable {

		final long at;

		final long order;

		final Runnable runnable;

		boolean cancelled;

		Task(long at, long order, Runnable runnable) {
			this.at = at;
			this.order = order;
			this.runnable = runnable;
		}

		@Override
		public int compareTo(Task other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.order, other.order);
		}

		@Override
		public void cancel() {
			this.cancelled = true;
		}

	}

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private long now = 1_000_000;

	private long order;

	@Override
	public synchronized long nowMillis() {
		return this.now;
	}

	@Override
	public synchronized Cancellable schedule(long delayMillis, Runnable task) {
		Task scheduled = new Task(this.now + Math.max(0, delayMillis), this.order++, task);
		this.tasks.add(scheduled);
		return scheduled;
	}

	@Override
	public void execute(Runnable task) {
		schedule(0, task);
	}

	/** Runs what is due now (and what that makes due now). */
	void runDue() {
		advance(0);
	}

	/** Moves time forward by {@code millis}, running every task that falls due. */
	void advance(long millis) {
		long until;
		synchronized (this) {
			until = this.now + millis;
		}
		while (true) {
			Task next;
			synchronized (this) {
				next = this.tasks.peek();
				if (next == null || next.at > until) {
					this.now = until;
					return;
				}
				this.tasks.poll();
				this.now = Math.max(this.now, next.at);
			}
			if (!next.cancelled) {
				next.runnable.run();
			}
		}
	}

	/** Timers still waiting (not cancelled). */
	synchronized int pendingTimers() {
		return (int) this.tasks.stream().filter(task -> !task.cancelled).count();
	}

}
