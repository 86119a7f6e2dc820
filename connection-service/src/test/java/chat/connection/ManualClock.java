package chat.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one test clock of this module: it stands still and moves only when a test says so
 * ({@link #advance}); {@link #run} lets it go on with real time from where it stands (a
 * context that shuts down needs its timeouts to pass), {@link #stop} stands it still
 * again.
 */
public final class ManualClock extends Clock {

	private volatile Instant stoppedAt = Instant.now();

	private volatile Duration ahead = Duration.ZERO;

	public void advance(Duration by) {
		Instant stopped = this.stoppedAt;
		if (stopped != null) {
			this.stoppedAt = stopped.plus(by);
		}
		else {
			this.ahead = this.ahead.plus(by);
		}
	}

	public void stop() {
		this.stoppedAt = instant();
	}

	public void run() {
		Instant stopped = this.stoppedAt;
		if (stopped != null) {
			this.ahead = Duration.between(Instant.now(), stopped);
			this.stoppedAt = null;
		}
	}

	@Override
	public Instant instant() {
		Instant stopped = this.stoppedAt;
		return (stopped != null) ? stopped : Instant.now().plus(this.ahead);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
