package chat.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import chat.benchmark.peer.SpringPeerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seconds-long run of the real generator over real sockets against the real Spring peer
 * (started in this JVM): it asserts correctness only — every send acked, delivered once
 * to every other member, in order — never a time.
 */
class SpringPeerSmokeIntegrationTests {

	static ConfigurableApplicationContext peer;

	static int port;

	@BeforeAll
	static void startPeer() {
		peer = SpringApplication.run(SpringPeerApplication.class, "--server.port=0");
		port = ((WebServerApplicationContext) peer).getWebServer().getPort();
	}

	@AfterAll
	static void stopPeer() {
		peer.close();
	}

	@Test
	void everyMessageIsAckedAndDeliveredOnceInOrderToEveryOtherMemberBesideIdleSessions(@TempDir Path out)
			throws Exception {
		Path pid = Files.writeString(out.resolve("self.pid"), ProcessHandle.current().pid() + "\n");
		LoadRun.Plan plan = new LoadRun.Plan(4, 3, 7,
				List.of(new LoadRun.StageSpec("warm-up", 20, 1, true), new LoadRun.StageSpec("measure", 60, 2, false)),
				5000, 40, 2, 7, null, Map.of(), out, Map.of());
		ProcessCpu cpu = new ProcessCpu(Path.of("/proc"),
				List.of(ProcessCpu.group(Path.of("/proc"), "peer", ProcessHandle.current().pid(), true)));
		Results.LoadResult result = new LoadRun(Target.spring("127.0.0.1", port), plan, cpu).run();

		assertThat(result.stages()).hasSize(2);
		for (Results.StageResult stage : result.stages()) {
			assertThat(stage.sent()).isEqualTo((long) stage.offeredRate() * stage.seconds());
			assertThat(stage.accepted()).isEqualTo(stage.sent());
			assertThat(stage.notAcked()).isZero();
			assertThat(stage.rejected()).isEmpty();
			assertThat(stage.delivered()).isEqualTo(stage.sent() * 2);
			assertThat(stage.deliveriesExpected()).isEqualTo(stage.sent() * 2);
			assertThat(stage.lostDeliveries()).isZero();
			assertThat(stage.duplicates()).isZero();
			assertThat(stage.duplicateAcks()).isZero();
			assertThat(stage.outOfOrder()).isZero();
			assertThat(stage.sendErrors()).isZero();
			assertThat(stage.ack().count()).isEqualTo(stage.sent());
			assertThat(stage.cpu().corePercent()).containsKey("peer");
		}
		assertThat(result.config().sessions()).isEqualTo(12);
		assertThat(result.config().idleSessions()).isEqualTo(7);
		assertThat(result.notes()).contains("7 idle sessions open through every stage (0 could not be opened)");
		assertThat(pid).exists();
	}

	@Test
	void idleModeOpensTheSessionsAndMeasuresTheLiveHeapOfTheTarget(@TempDir Path out) throws Exception {
		Path pid = Files.writeString(out.resolve("self.pid"), ProcessHandle.current().pid() + "\n");
		ProcessCpu memory = new ProcessCpu(Path.of("/proc"),
				List.of(ProcessCpu.group(Path.of("/proc"), "peer", ProcessHandle.current().pid(), true)));
		Results.IdleResult result = new IdleRun(Target.spring("127.0.0.1", port),
				new IdleRun.Plan(List.of(5, 10), 5, 2, pid), memory)
			.run();

		assertThat(result.steps()).extracting(Results.IdleStep::sessionsOpen).containsExactly(0, 5, 10);
		assertThat(result.steps()).extracting(Results.IdleStep::failures).containsOnly(0);
		assertThat(result.steps()).allSatisfy((step) -> assertThat(step.liveHeapBytes()).isPositive());
		assertThat(result.steps().get(2).rssBytes()).isPositive();
	}

}
