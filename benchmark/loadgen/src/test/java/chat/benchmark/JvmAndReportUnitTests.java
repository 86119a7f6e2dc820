package chat.benchmark;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmAndReportUnitTests {

	@Test
	void parsesAClassHistogramAndComputesGrowthPerSession() {
		String before = """
				 num     #instances         #bytes  class name (module)
				-------------------------------------------------------
				   1:          1000         100000  [B (java.base@17.0.15)
				   2:            10           2000  java.lang.String (java.base@17.0.15)
				Total          1010         102000
				""";
		String after = """
				   1:          3000         300000  [B (java.base@17.0.15)
				   2:           110           6000  java.lang.String (java.base@17.0.15)
				   3:           100          10000  org.example.Session
				Total          3210         316000
				""";
		Jvm.Histogram b = Jvm.parseHistogram(before);
		Jvm.Histogram a = Jvm.parseHistogram(after);
		assertThat(b.totalBytes()).isEqualTo(102000);
		assertThat(IdleRun.growthPerSession(b, a, 100)).containsExactly(Map.entry("[B", 2000L),
				Map.entry("org.example.Session", 100L), Map.entry("java.lang.String", 40L));
	}

	@Test
	void tablesAndPlotShowEveryTargetAndStage() {
		Histogram micros = new Histogram(3);
		for (int i = 1; i <= 1000; i++) {
			micros.recordValue(i * 100L);
		}
		Results.Latency latency = Results.Latency.of(micros, true);
		assertThat(latency.p50()).isBetween(49.9, 50.1);
		assertThat(latency.max()).isBetween(99.9, 100.1);
		assertThat(latency.curve()).isNotEmpty();
		Results.Cpu cpu = new Results.Cpu(10, Map.of("edge", 60.0, "loadgen", 30.0), 60, 30, 97, 1.5, Map.of());
		Results.StageResult stage = new Results.StageResult("measure", 400, 10, false, 4000, 399.5, 3990,
				Map.of("OVERLOADED", 10L), 0, 15960, 15960, 0, 0, 0, 0, 0, 0, 0, 0, latency, latency, latency,
				Map.of("receipt.updated", 4000L), cpu, List.of(), 0, 0,
				Map.of("edge", Map.of("chat_edge_sends_total{code=\"none\",outcome=\"published\"}", 4000.0)));
		Results.LoadResult run = new Results.LoadResult("load", "chat", "2026-12-01T22:00:00Z", Machines.describe(),
				new Results.LoadConfig(100, 5, 500, 0, 5000, 140, 2, "ws://x"), List.of(stage), List.of());
		assertThat(Report.latencyTable(List.of(run))).contains("| chat | measure | 400 | 400 | 50.0 / ")
			.contains("OVERLOADED 10");
		assertThat(Report.cpuTable(List.of(run))).contains("| measure @ 400/s | 1.50 | 60 | ");
		assertThat(Report.serviceMetrics(List.of(run)))
			.contains("**edge** chat_edge_sends_total{code=\"none\",outcome=\"published\"}=4000;");
		assertThat(Report.html(List.of(run), "t")).contains("<svg").contains("400 msg/s offered").contains("chat (p99");
	}

}
