package chat.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JVM the launcher starts exits on {@code OutOfMemoryError} (so a supervisor can
 * restart it) and every service has a stable instance id (so a restart gets its Kafka
 * partitions back at once): read from the running processes' command lines and
 * environments.
 */
@ExtendWith(SystemStack.class)
class JvmFlagsSystemTest {

	static final List<String> JVMS = List.of("kafka", "postgres", "issuer", "message", "presence", "receipt", "edge",
			"edge2");

	static final List<String> SERVICES = List.of("message", "presence", "receipt", "edge", "edge2");

	final SystemStack stack = SystemStack.get();

	@Test
	void everyJvmExitsOnOutOfMemoryError() throws Exception {
		for (String component : JVMS) {
			assertThat(procFile(component, "cmdline")).as("command line of %s", component)
				.contains("-XX:+ExitOnOutOfMemoryError");
		}
	}

	@Test
	void everyServiceHasItsOwnStableInstanceId() throws Exception {
		for (String component : SERVICES) {
			assertThat(procFile(component, "environ")).as("environment of %s", component)
				.contains("CHAT_INSTANCE_ID=" + component);
		}
	}

	/** A NUL-separated /proc file of the component's process, NULs as newlines. */
	private List<String> procFile(String component, String name) throws Exception {
		byte[] bytes = Files.readAllBytes(Path.of("/proc", String.valueOf(this.stack.pid(component)), name));
		return List.of(new String(bytes).split("\0"));
	}

}
