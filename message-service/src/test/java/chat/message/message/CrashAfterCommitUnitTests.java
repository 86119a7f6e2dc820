package chat.message.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault hook halts once per trigger file, and never when it is not configured. */
class CrashAfterCommitUnitTests {

	@TempDir
	Path dir;

	final AtomicInteger halts = new AtomicInteger();

	@Test
	void haltsOnceWhenTheTriggerExistsAndRemovesIt() throws Exception {
		Path trigger = Files.createFile(this.dir.resolve("crash"));
		CrashAfterCommit hook = new CrashAfterCommit(trigger, this.halts::incrementAndGet);

		hook.committed();
		hook.committed();

		assertThat(this.halts).hasValue(1);
		assertThat(trigger).doesNotExist();
	}

	@Test
	void doesNothingWithoutTheTriggerFileOrWhenOff() {
		new CrashAfterCommit(this.dir.resolve("absent"), this.halts::incrementAndGet).committed();
		new CrashAfterCommit("").committed();

		assertThat(this.halts).hasValue(0);
	}

}
