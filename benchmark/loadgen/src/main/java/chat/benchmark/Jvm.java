package chat.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the generator asks of a running JVM through {@code jcmd} (from the JDK the
 * generator runs on, or {@code jcmd} on the PATH): a heap histogram of live objects
 * (after the full GC that {@code GC.class_histogram} makes) and JFR recordings.
 */
final class Jvm {

	private Jvm() {
	}

	/** Live heap of {@code pid}: total bytes and bytes per class, largest first. */
	record Histogram(long totalBytes, Map<String, Long> bytesByClass) {
	}

	static Histogram liveHeap(long pid) throws IOException, InterruptedException {
		return parseHistogram(jcmd(pid, "GC.class_histogram"));
	}

	/**
	 * Starts a JFR recording with the {@code profile} settings that stops by itself after
	 * {@code seconds} and is written to {@code file}.
	 */
	static String startRecording(long pid, String name, int seconds, Path file)
			throws IOException, InterruptedException {
		return jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "duration=" + seconds + "s",
				"filename=" + file.toAbsolutePath());
	}

	/** Parses {@code GC.class_histogram} output. */
	static Histogram parseHistogram(String output) {
		long total = -1;
		Map<String, Long> byClass = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length >= 3 && fields[0].equals("Total")) {
				total = Long.parseLong(fields[2]);
			}
			else if (fields.length >= 4 && fields[0].endsWith(":") && Character.isDigit(fields[0].charAt(0))) {
				byClass.merge(fields[3], Long.parseLong(fields[2]), Long::sum);
			}
		}
		if (total < 0) {
			throw new IllegalStateException("no Total line in the class histogram:\n" + output);
		}
		return new Histogram(total, byClass);
	}

	static String jcmd(long pid, String... command) throws IOException, InterruptedException {
		Path home = Path.of(System.getProperty("java.home"));
		Path jcmd = home.resolve("bin/jcmd");
		List<String> line = new java.util.ArrayList<>();
		line.add(jcmd.toFile().canExecute() ? jcmd.toString() : "jcmd");
		line.add(Long.toString(pid));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed:\n" + output);
		}
		return output;
	}

}
