package chat.system.fault;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import chat.system.SystemStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short fault suite that {@code ./mvnw verify} runs, on the shared
 * {@link SystemStack}: {@code kill -9} of the message service, {@code kill -9} of edge 1
 * (its clients move to edge 2) and SIGTERM of edge 2 (drain), each restarted with the
 * launcher, under {@link FaultSuite.Settings#ci()} load. It asserts what must hold under
 * every fault — nothing acked lost, nothing stored or shown twice, no seq gap — and never
 * a time; the table (recovery times included) goes to
 * {@code system-tests/target/fault-suite-short.md}. The whole suite is
 * {@link FullFaultSuiteRun}.
 */
@ExtendWith(SystemStack.class)
class FaultSuiteSystemTest {

	@Test
	void killsAndADrainUnderLoadLoseNothingAckedAndDuplicateNothing() throws Exception {
		FaultSuite suite = new FaultSuite(SystemStack.get(), FaultSuite.Settings.ci());
		List<Fault> faults = List.of(Fault.kill("message", "kill -9 message-service, restarted at once"),
				Fault.kill("edge", "kill -9 edge 1 (clients move to edge 2), restarted"),
				Fault.terminate("edge2", "SIGTERM edge 2 (drain, close 1012), restarted"));
		List<FaultResult> results = new ArrayList<>();
		for (Fault fault : faults) {
			results.add(suite.runOrRecord(fault));
		}
		FaultSuite.report(results, suite.settings(),
				"flock /tmp/chat-system-tests.lock ./mvnw -B verify -pl system-tests -Dit.test=FaultSuiteSystemTest",
				Path.of("target"), "fault-suite-short");

		assertThat(results).allSatisfy(result -> {
			assertThat(result.acked()).as("%s: sends acked", result.fault()).isPositive();
			assertThat(result.correct()).as("%s: %s", result.fault(), result).isTrue();
		});
	}

}
