package chat.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What machine a result was measured on, from {@code /proc} and the JVM. */
final class Machines {

	private Machines() {
	}

	static Results.Machine describe() {
		String model = "unknown";
		long memory = 0;
		double load = -1;
		String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
		try {
			model = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((l) -> l.startsWith("model name"))
				.map((l) -> l.substring(l.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(model);
			memory = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((l) -> l.startsWith("MemTotal:"))
				.map((l) -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
				.findFirst()
				.orElse(0L);
			load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux: describe what the JVM knows.
		}
		return new Results.Machine(Runtime.getRuntime().availableProcessors(), model, memory, kernel,
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), load);
	}

}
