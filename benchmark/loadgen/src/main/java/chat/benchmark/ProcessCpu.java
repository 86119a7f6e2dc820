package chat.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and resident memory per named group of processes, from {@code /proc}. A group
 * is a process, its children and, when that process leads its own session (the launcher
 * starts every component with {@code setsid}), every process of the session: so
 * PostgreSQL's backends (children of the postmaster, given with {@code --pid}) count for
 * {@code postgres}, and Erlang's helpers for {@code rabbitmq}. Linux only; times are in
 * clock ticks of {@value #TICKS_PER_SECOND} Hz (USER_HZ, fixed on Linux).
 */
final class ProcessCpu {

	static final int TICKS_PER_SECOND = 100;

	private static final long PAGE_SIZE = 4096;

	private final Path proc;

	private final List<Group> groups;

	ProcessCpu(Path proc, List<Group> groups) {
		this.proc = proc;
		this.groups = List.copyOf(groups);
	}

	List<Group> groups() {
		return this.groups;
	}

	/**
	 * A group named {@code name} for the process {@code pid}: the process, its children,
	 * and its whole session when it leads one.
	 */
	static Group group(Path proc, String name, long pid, boolean system) {
		// Children by parent pid too: PostgreSQL's backends each lead a session of their
		// own.
		Stat stat = read(proc, pid);
		boolean leader = stat != null && stat.session() == pid;
		return new Group(name, leader ? Set.of(pid) : Set.of(), Set.of(pid), system);
	}

	/**
	 * One group per {@code <name>.pid} file in {@code dir} whose process is alive (the
	 * launcher's pid files hold the pid on the first line).
	 */
	static List<Group> fromPidFiles(Path proc, Path dir, boolean system) throws IOException {
		List<Group> groups = new ArrayList<>();
		if (!Files.isDirectory(dir)) {
			return groups;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
			for (Path file : files) {
				Long pid = pidIn(file);
				if (pid != null && read(proc, pid) != null) {
					String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
					groups.add(group(proc, name, pid, system));
				}
			}
		}
		groups.sort((a, b) -> a.name().compareTo(b.name()));
		return groups;
	}

	/** The number on the first line of a pid file, or null. */
	static Long pidIn(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		List<String> lines = Files.readAllLines(file);
		if (lines.isEmpty()) {
			return null;
		}
		try {
			return Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** CPU ticks and RSS per group now, plus the machine's busy and total ticks. */
	Sample sample() throws IOException {
		Map<String, long[]> byGroup = new LinkedHashMap<>();
		this.groups.forEach((g) -> byGroup.put(g.name(), new long[2]));
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.proc)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
					continue;
				}
				long pid;
				try {
					pid = Long.parseLong(name);
				}
				catch (NumberFormatException ex) {
					continue;
				}
				Stat stat = read(this.proc, pid);
				if (stat == null) {
					continue;
				}
				for (Group group : this.groups) {
					if (group.matches(stat)) {
						long[] sums = byGroup.get(group.name());
						sums[0] += stat.ticks();
						sums[1] += stat.rssPages() * PAGE_SIZE;
						break;
					}
				}
			}
		}
		long[] machine = machineTicks(this.proc);
		Map<String, Long> ticks = new LinkedHashMap<>();
		Map<String, Long> rss = new LinkedHashMap<>();
		byGroup.forEach((name, sums) -> {
			ticks.put(name, sums[0]);
			rss.put(name, sums[1]);
		});
		return new Sample(System.nanoTime(), ticks, rss, machine[0], machine[1]);
	}

	/** {@code /proc/stat}'s first line: busy ticks and all ticks of every CPU. */
	static long[] machineTicks(Path proc) throws IOException {
		String line = Files.readAllLines(proc.resolve("stat")).get(0);
		String[] fields = line.trim().split("\\s+");
		long total = 0;
		long idle = 0;
		for (int i = 1; i < fields.length && i <= 8; i++) {
			long value = Long.parseLong(fields[i]);
			total += value;
			if (i == 4 || i == 5) {
				idle += value;
			}
		}
		return new long[] { total - idle, total };
	}

	/** Reads {@code /proc/<pid>/stat}; null when the process is gone. */
	static Stat read(Path proc, long pid) {
		try {
			return parse(pid, Files.readString(proc.resolve(Long.toString(pid)).resolve("stat")));
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Parses a stat line. The command name (field 2) is in parentheses and may itself
	 * contain spaces and parentheses, so fields are counted from the last ')'.
	 */
	static Stat parse(long pid, String line) {
		int close = line.lastIndexOf(')');
		String[] fields = line.substring(close + 2).trim().split(" ");
		// fields[0] is field 3 (state): field n is fields[n - 3].
		long ppid = Long.parseLong(fields[1]);
		long session = Long.parseLong(fields[3]);
		long utime = Long.parseLong(fields[11]);
		long stime = Long.parseLong(fields[12]);
		long rss = Long.parseLong(fields[21]);
		return new Stat(pid, ppid, session, utime + stime, rss);
	}

	/** The fields of {@code /proc/<pid>/stat} the benchmark uses. */
	record Stat(long pid, long ppid, long session, long ticks, long rssPages) {
	}

	/**
	 * Processes counted together: those of the listed sessions, the listed pids and their
	 * direct children. {@code system} is false for the load generator itself.
	 */
	record Group(String name, Set<Long> sessions, Set<Long> pids, boolean system) {

		boolean matches(Stat stat) {
			return this.sessions.contains(stat.session()) || this.pids.contains(stat.pid())
					|| this.pids.contains(stat.ppid());
		}

		Group merge(Group other) {
			Set<Long> s = new HashSet<>(this.sessions);
			s.addAll(other.sessions);
			Set<Long> p = new HashSet<>(this.pids);
			p.addAll(other.pids);
			return new Group(this.name, s, p, this.system);
		}

	}

	/** One reading. */
	record Sample(long nanos, Map<String, Long> ticks, Map<String, Long> rssBytes, long machineBusy,
			long machineTotal) {

		/**
		 * Per group, the share of one core used between {@code earlier} and this sample.
		 */
		Map<String, Double> corePercentSince(Sample earlier) {
			double seconds = (this.nanos - earlier.nanos) / 1e9;
			Map<String, Double> out = new LinkedHashMap<>();
			this.ticks.forEach((name, now) -> {
				long before = earlier.ticks.getOrDefault(name, now);
				out.put(name, 100.0 * (now - before) / TICKS_PER_SECOND / seconds);
			});
			return out;
		}

		/** Per group, CPU seconds used since {@code earlier}. */
		Map<String, Double> cpuSecondsSince(Sample earlier) {
			Map<String, Double> out = new LinkedHashMap<>();
			this.ticks.forEach((name, now) -> out.put(name,
					(now - earlier.ticks.getOrDefault(name, now)) / (double) TICKS_PER_SECOND));
			return out;
		}

		/** How busy the whole machine was since {@code earlier}, in % of all its CPUs. */
		double machineBusyPercentSince(Sample earlier) {
			long total = this.machineTotal - earlier.machineTotal;
			return (total > 0) ? 100.0 * (this.machineBusy - earlier.machineBusy) / total : 0;
		}

	}

}
