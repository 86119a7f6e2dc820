package chat.message.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A fault hook for the fault suite (issue 8): a crash after a batch's transaction
 * committed and before its outcomes were published, the one moment a random
 * {@code kill -9} rarely hits. Off unless
 * {@code chat.message.fault.crash-after-commit-trigger} names a file — no deployment sets
 * it; the fault suite's stack does. When that file exists, the next batch that commits
 * deletes it and halts the JVM as {@code kill -9} would (no shutdown hooks, nothing
 * published, offsets not committed); the redelivered batch must then give the same acks
 * and events, with nothing stored twice.
 */
@Component
class CrashAfterCommit {

	private static final Logger log = LoggerFactory.getLogger(CrashAfterCommit.class);

	private final Path trigger;

	private final Runnable halt;

	@Autowired
	CrashAfterCommit(@Value("${chat.message.fault.crash-after-commit-trigger:}") String trigger) {
		this(trigger.isBlank() ? null : Path.of(trigger), () -> Runtime.getRuntime().halt(137));
	}

	CrashAfterCommit(Path trigger, Runnable halt) {
		this.trigger = trigger;
		this.halt = halt;
	}

	/** Called between a batch's commit and the publication of its outcomes. */
	void committed() {
		if (this.trigger == null) {
			return;
		}
		try {
			if (Files.deleteIfExists(this.trigger)) {
				log.warn("Fault hook: halting after a commit, before publishing ({} existed)", this.trigger);
				this.halt.run();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
