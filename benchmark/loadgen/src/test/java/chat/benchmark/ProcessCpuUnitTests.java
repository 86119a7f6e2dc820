package chat.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessCpuUnitTests {

	@TempDir
	Path proc;

	@Test
	void parsesAStatLineWhoseCommandHasSpacesAndParentheses() {
		ProcessCpu.Stat stat = ProcessCpu.parse(42,
				"42 (java (x) y) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 500 1000000 2048 rest");
		assertThat(stat).isEqualTo(new ProcessCpu.Stat(42, 1, 42, 300, 2048));
	}

	@Test
	void aGroupSumsEveryProcessOfItsSessionAndTheMachineLineGivesBusyShare() throws IOException {
		stat(100, 1, 100, 10, 5);
		stat(101, 100, 100, 20, 7);
		stat(102, 100, 102, 5, 1);
		stat(200, 1, 200, 1000, 1);
		stat(300, 1, 7, 40, 2);
		stat(301, 300, 7, 2, 3);
		Files.writeString(this.proc.resolve("stat"), "cpu  600 0 200 1000 200 0 0 0 0 0\ncpu0 1 2 3\n");
		Files.createDirectories(this.proc.resolve("self"));
		ProcessCpu cpu = new ProcessCpu(this.proc, List.of(ProcessCpu.group(this.proc, "postgres", 100, true),
				ProcessCpu.group(this.proc, "loadgen", 300, false)));
		ProcessCpu.Sample sample = cpu.sample();
		// Session 100 holds 100 and 101; 102 leads a session of its own but is a child of
		// 100 (as PostgreSQL's backends are of the postmaster); 300 leads no session:
		// itself and its child.
		assertThat(sample.ticks()).containsEntry("postgres", 35L).containsEntry("loadgen", 42L);
		assertThat(sample.rssBytes()).containsEntry("postgres", 13L * 4096);
		assertThat(sample.machineBusy()).isEqualTo(800);
		assertThat(sample.machineTotal()).isEqualTo(2000);

		stat(101, 100, 100, 120, 7);
		ProcessCpu.Sample later = new ProcessCpu.Sample(sample.nanos() + 2_000_000_000L, cpu.sample().ticks(),
				sample.rssBytes(), 1800, 4000);
		// 100 ticks = 1 CPU second over 2 s = 50 % of one core.
		assertThat(later.corePercentSince(sample).get("postgres")).isCloseTo(50.0, within(0.001));
		assertThat(later.cpuSecondsSince(sample).get("postgres")).isCloseTo(1.0, within(0.001));
		assertThat(later.machineBusyPercentSince(sample)).isCloseTo(50.0, within(0.001));
	}

	@Test
	void pidFilesBecomeGroupsWhenTheirProcessLives() throws IOException {
		stat(100, 1, 100, 10, 5);
		Path pids = Files.createDirectories(this.proc.resolve("pids"));
		Files.writeString(pids.resolve("edge.pid"), "100\njava -jar edge.jar\n");
		Files.writeString(pids.resolve("gone.pid"), "999\n");
		assertThat(ProcessCpu.fromPidFiles(this.proc, pids, true)).extracting(ProcessCpu.Group::name)
			.containsExactly("edge");
	}

	private void stat(long pid, long ppid, long session, long utime, long rss) throws IOException {
		Path dir = Files.createDirectories(this.proc.resolve(Long.toString(pid)));
		Files.writeString(dir.resolve("stat"), pid + " (p" + pid + ") S " + ppid + " " + session + " " + session
				+ " 0 -1 0 0 0 0 0 " + utime + " 0 0 0 20 0 1 0 1 1 " + rss + " x\n");
	}

}
