package chat.system.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole fault suite of issue 8, on a system of its own ({@link LocalStack}). Not part
 * of {@code ./mvnw verify} (its name does not end in {@code SystemTest}); run it with
 * <pre>
 * flock /tmp/chat-system-tests.lock ./mvnw -B verify -pl system-tests -Dit.test=FullFaultSuiteRun
 * </pre> Load: {@code -Dchat.fault.clients} (default 100) users in conversations of 5,
 * {@code -Dchat.fault.rate} (default 50) msg/s. The table goes to
 * {@code system-tests/target/fault-suite.md} and {@code .json}. Asserts correctness only.
 */
class FullFaultSuiteRun {

	static LocalStack stack;

	@BeforeAll
	static void start() throws Exception {
		stack = new LocalStack();
		stack.launcher(java.util.Map.of("CHAT_DB_URL", ""), "down");
		stack.up();
	}

	@AfterAll
	static void stop() throws Exception {
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void everyFaultOfIssue8LosesNothingAckedAndDuplicatesNothing() throws Exception {
		int clients = Integer.getInteger("chat.fault.clients", 100);
		double rate = Double.parseDouble(System.getProperty("chat.fault.rate", "50"));
		FaultSuite suite = new FaultSuite(stack, new FaultSuite.Settings(clients, 5, rate, Duration.ofSeconds(15),
				Duration.ofSeconds(40), Duration.ofSeconds(90), Duration.ofMillis(500)));
		Duration partition = Duration.ofSeconds(30);
		List<Fault> faults = new ArrayList<>(List.of(
				Fault.kill("message", "kill -9 message-service ×3, each restarted at once", 3, Duration.ZERO,
						Duration.ofSeconds(30)),
				Fault.kill("edge", "kill -9 edge 1 (clients move to edge 2), restarted"),
				Fault.terminate("edge2", "SIGTERM edge 2 (drain, close 1012), restarted"),
				Fault.kill("kafka", "kill -9 Kafka broker, restarted after 5 s", 1, Duration.ofSeconds(5),
						Duration.ZERO),
				Fault.crashAfterCommit(stack.crashTrigger()),
				Fault.killGroup("postgres", "PostgreSQL killed hard (kill -9 of its process group), restarted"),
				Fault.partition("partition-message-postgres", "partition message-service ↔ PostgreSQL, 30 s",
						stack.databaseProxy, partition),
				Fault.poisonDuringPartition(stack.databaseProxy, stack.kafkaLibs(),
						"127.0.0.1:" + LocalStack.KAFKA_PORT, 20, partition),
				Fault.freeze("kafka", "Kafka broker frozen 30 s (SIGSTOP/SIGCONT: every client's connection hangs)",
						partition),
				Fault.kill("receipt", "kill -9 receipt-service, restarted"),
				Fault.kill("presence", "kill -9 presence-service, restarted")));
		String only = System.getProperty("chat.fault.only", "");
		if (!only.isBlank()) {
			faults.removeIf(f -> !List.of(only.split(",")).contains(f.id()));
		}
		List<FaultResult> results = new ArrayList<>();
		try {
			for (Fault fault : faults) {
				results.add(suite.runOrRecord(fault));
				FaultSuite.report(results, suite.settings(), command(), Path.of("target"), "fault-suite");
			}
		}
		finally {
			FaultSuite.report(results, suite.settings(), command(), Path.of("target"), "fault-suite");
		}
		assertThat(results).hasSize(faults.size()).allSatisfy(result -> {
			assertThat(result.acked()).as("%s: sends acked", result.fault()).isPositive();
			assertThat(result.correct()).as("%s: %s", result.fault(), result).isTrue();
		});
	}

	static String command() {
		return "flock /tmp/chat-system-tests.lock ./mvnw -B verify -pl system-tests -Dit.test=FullFaultSuiteRun"
				+ " -Dchat.fault.clients=" + Integer.getInteger("chat.fault.clients", 100) + " -Dchat.fault.rate="
				+ System.getProperty("chat.fault.rate", "50");
	}

}
