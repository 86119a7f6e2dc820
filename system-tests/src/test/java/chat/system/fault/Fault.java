package chat.system.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import chat.testsupport.TcpProxy;

import static org.awaitility.Awaitility.await;

/**
 * One fault of the suite: a name for the table and what to do to the system while the
 * load runs. The action marks when the fault hit ({@link Marks#fault()}) and when the
 * faulty part was back ({@link Marks#back()}: restarted and ready, or the partition
 * healed); recovery is measured from each {@code back}.
 */
public record Fault(String id, String name, Action action) {

	/** What the fault does; blocks until the faulty part is back. */
	@FunctionalInterface
	public interface Action {

		void run(Target target, Marks marks) throws Exception;

	}

	/**
	 * When the fault hit and when the faulty part was back, in {@link System#nanoTime()}.
	 */
	public static final class Marks {

		final List<Long> faults = new ArrayList<>();

		final List<Long> backs = new ArrayList<>();

		public synchronized void fault() {
			this.faults.add(System.nanoTime());
		}

		public synchronized void back() {
			this.backs.add(System.nanoTime());
		}

	}

	/**
	 * {@code kill -9} of a component's whole process group (the launcher starts each
	 * component in its own session: for PostgreSQL that is the DevPostgres JVM, the
	 * postmaster and every backend), then {@code chat up}.
	 */
	public static Fault killGroup(String component, String name) {
		return new Fault("kill-" + component, name, (target, marks) -> {
			long pid = target.pid(component);
			marks.fault();
			signal("KILL", -pid);
			awaitGone(pid);
			restart(target);
			marks.back();
		});
	}

	/** {@code kill -9} of a component, then {@code chat up} at once. */
	public static Fault kill(String component, String name) {
		return kill(component, name, 1, Duration.ZERO, Duration.ZERO);
	}

	/**
	 * {@code kill -9} of a component {@code times} times: each time restarted with
	 * {@code chat up} after {@code downFor}, then left alone for {@code between}.
	 */
	public static Fault kill(String component, String name, int times, Duration downFor, Duration between) {
		return new Fault("kill-" + component + (times > 1 ? "-x" + times : ""), name, (target, marks) -> {
			for (int i = 0; i < times; i++) {
				if (i > 0) {
					hold(between);
				}
				long pid = target.pid(component);
				marks.fault();
				signal("KILL", pid);
				awaitGone(pid);
				hold(downFor);
				restart(target);
				marks.back();
			}
		});
	}

	/**
	 * The message service halts between a batch's commit and the publication of its
	 * outcomes (its test-only hook {@code CrashAfterCommit}, armed by creating
	 * {@code trigger}), then {@code chat up}.
	 */
	public static Fault crashAfterCommit(Path trigger) {
		return new Fault("crash-after-commit", "message-service halted between a commit and its publish, restarted",
				(target, marks) -> {
					long pid = target.pid("message");
					marks.fault();
					Files.createDirectories(trigger.getParent());
					Files.writeString(trigger, "armed by the fault suite");
					awaitGone(pid);
					restart(target);
					marks.back();
				});
	}

	/**
	 * SIGTERM of a component (an edge drains: {@code server.draining}, close 1012), then
	 * {@code chat up} once it has exited.
	 */
	public static Fault terminate(String component, String name) {
		return new Fault("sigterm-" + component, name, (target, marks) -> {
			long pid = target.pid(component);
			marks.fault();
			signal("TERM", pid);
			awaitGone(pid);
			restart(target);
			marks.back();
		});
	}

	/** SIGSTOP of a component for {@code duration}, then SIGCONT: it hangs, silently. */
	public static Fault freeze(String component, String name, Duration duration) {
		return new Fault("freeze-" + component, name, (target, marks) -> {
			long pid = target.pid(component);
			marks.fault();
			signal("STOP", pid);
			try {
				hold(duration);
			}
			finally {
				signal("CONT", pid);
			}
			marks.back();
		});
	}

	/** A silent partition through {@code proxy} for {@code duration}. */
	public static Fault partition(String id, String name, TcpProxy proxy, Duration duration) {
		return new Fault(id, name, (target, marks) -> {
			marks.fault();
			proxy.freeze();
			try {
				hold(duration);
			}
			finally {
				proxy.restore();
			}
			marks.back();
		});
	}

	/**
	 * A partition through {@code proxy} (the message service's database) and, while it
	 * lasts, {@code records} malformed records on the message commands topic with random
	 * keys (so every partition gets some): a transient failure and poison records in the
	 * same polls. Valid sends around them must still be stored and acked.
	 */
	public static Fault poisonDuringPartition(TcpProxy proxy, Path kafkaLibs, String bootstrap, int records,
			Duration duration) {
		return new Fault("poison-during-partition",
				"poison records on the commands topic during a 30 s message-service ↔ PostgreSQL partition",
				(target, marks) -> {
					marks.fault();
					proxy.freeze();
					try {
						produce(kafkaLibs, bootstrap, "chat.message-commands.v1", records);
						hold(duration);
					}
					finally {
						proxy.restore();
					}
					marks.back();
				});
	}

	/**
	 * Produces malformed records with Kafka's own console producer (the launcher's jars).
	 */
	static void produce(Path kafkaLibs, String bootstrap, String topic, int records) throws Exception {
		Process producer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				kafkaLibs + "/*", "org.apache.kafka.tools.ConsoleProducer", "--bootstrap-server", bootstrap, "--topic",
				topic, "--property", "parse.key=true", "--property", "key.separator=|")
			.redirectErrorStream(true)
			.start();
		try (var in = producer.getOutputStream()) {
			for (int i = 0; i < records; i++) {
				in.write((java.util.UUID.randomUUID() + "|{\"poison\": " + i + ", not json\n")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		String output = new String(producer.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		if (!producer.waitFor(60, TimeUnit.SECONDS) || producer.exitValue() != 0) {
			throw new IllegalStateException("console producer failed:\n" + output);
		}
	}

	/**
	 * {@code chat up}, once more if it fails: on a loaded machine a service may need
	 * longer than the launcher's start timeout, and a second {@code up} waits for the one
	 * still starting instead of starting another.
	 */
	static void restart(Target target) throws Exception {
		try {
			target.up();
		}
		catch (IllegalStateException ex) {
			target.up();
		}
	}

	static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, "--", String.valueOf(pid)).inheritIO().start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
		}
	}

	static void awaitGone(long pid) {
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
	}

	/**
	 * Keeps the system in its current state for {@code duration} (a fault's length, a
	 * load phase): a timed hold, not a wait for an outcome.
	 */
	static void hold(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
	}

}
