package chat.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's load generator. Commands:
 *
 * <pre>
 * load   --target chat|spring|rabbitmq --port P [options]   open-loop stages, writes --out (JSON)
 * idle   --target … --steps 1000,5000 [--heap-pid FILE]       heap and RSS per idle session
 * report [--out-dir DIR] RESULT.json…                          tables (Markdown) + DIR/benchmark.json + DIR/latency.html
 * </pre>
 *
 * See {@code benchmark/README.md} for every option; {@code benchmark/run} drives it.
 */
public final class LoadGenerator {

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private LoadGenerator() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
			System.out.println(usage());
			return;
		}
		Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
		switch (args[0]) {
			case "load" -> load(options);
			case "idle" -> idle(options);
			case "report" -> report(options);
			default -> throw new IllegalArgumentException("unknown command " + args[0] + "\n" + usage());
		}
		// The JDK's HttpClient keeps a selector thread; the run is over.
		System.exit(0);
	}

	static Results.LoadResult load(Options o) throws Exception {
		Target target = target(o);
		List<LoadRun.StageSpec> stages = new ArrayList<>();
		String warmup = o.get("warmup", "200x20");
		if (!warmup.equals("0") && !warmup.isEmpty()) {
			String[] parts = warmup.split("x");
			stages.add(new LoadRun.StageSpec("warm-up", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), true));
		}
		int seconds = o.integer("seconds", 20);
		for (String rate : o.get("rates", "200,400,800,1600").split(",")) {
			stages.add(new LoadRun.StageSpec("measure", Integer.parseInt(rate.trim()), seconds, false));
		}
		Path out = Path.of(o.get("out", "loadgen-" + target.name() + ".json"));
		Path outDir = (out.toAbsolutePath().getParent() != null) ? out.toAbsolutePath().getParent() : Path.of(".");
		Files.createDirectories(outDir);
		Integer profileRate = o.has("profile-rate") ? o.integer("profile-rate", 0) : null;
		LoadRun.Plan plan = new LoadRun.Plan(o.integer("conversations", 100), o.integer("members", 5),
				o.integer("idle-sessions", 0), stages, o.integer("deadline-ms", 5000), o.integer("text-length", 140),
				o.integer("threads", 2), o.integer("seed", 1), profileRate, o.pairs("profile"), outDir,
				uris(o.strings("metrics")));
		Results.LoadResult result = new LoadRun(target, plan, cpu(o)).run();
		JSON.writeValue(out.toFile(), result);
		System.out.println();
		System.out.println(Report.latencyTable(List.of(result)));
		System.out.println(Report.cpuTable(List.of(result)));
		System.out.println("written: " + out);
		return result;
	}

	static Results.IdleResult idle(Options o) throws Exception {
		Target target = target(o);
		List<Integer> steps = Arrays.stream(o.get("steps", "1000,2000,5000,10000,15000").split(","))
			.map(String::trim)
			.map(Integer::parseInt)
			.toList();
		IdleRun.Plan plan = new IdleRun.Plan(steps, o.integer("members", 5), o.integer("threads", 2),
				o.has("heap-pid") ? Path.of(o.get("heap-pid", "")) : null);
		Results.IdleResult result = new IdleRun(target, plan, cpu(o)).run();
		Path out = Path.of(o.get("out", "idle-" + target.name() + ".json"));
		if (out.toAbsolutePath().getParent() != null) {
			Files.createDirectories(out.toAbsolutePath().getParent());
		}
		JSON.writeValue(out.toFile(), result);
		System.out.println();
		System.out.println(Report.idleTable(List.of(result)));
		System.out.println("written: " + out);
		return result;
	}

	static void report(Options o) throws IOException {
		List<Results.LoadResult> loads = new ArrayList<>();
		List<Results.IdleResult> idles = new ArrayList<>();
		for (String file : o.positional()) {
			String kind = JSON.readTree(Path.of(file).toFile()).path("kind").asString();
			if (kind.equals("idle")) {
				idles.add(JSON.readValue(Path.of(file).toFile(), Results.IdleResult.class));
			}
			else {
				loads.add(JSON.readValue(Path.of(file).toFile(), Results.LoadResult.class));
			}
		}
		Path dir = Path.of(o.get("out-dir", "."));
		Files.createDirectories(dir);
		StringBuilder text = new StringBuilder();
		if (!loads.isEmpty()) {
			Results.LoadResult first = loads.get(0);
			text.append(String.format("Measured %s on %d CPUs (%s), %.0f GB, %s; load average at start %.1f%n%n",
					first.startedAt(), first.machine().cpus(), first.machine().cpuModel(),
					first.machine().memoryBytes() / 1e9, first.machine().java(), first.machine().loadAverage()));
			text.append(Report.latencyTable(loads)).append('\n').append(Report.cpuTable(loads));
			String services = Report.serviceMetrics(loads);
			if (!services.isEmpty()) {
				text.append("Service counters per stage (change over the stage; gauges at its end):\n\n")
					.append(services)
					.append('\n');
			}
			loads.forEach((l) -> l.notes()
				.forEach((n) -> text.append("note (").append(l.target()).append("): ").append(n).append('\n')));
			Files.writeString(dir.resolve("latency.html"), Report.html(loads, "chat benchmark " + first.startedAt()));
		}
		if (!idles.isEmpty()) {
			text.append('\n').append(Report.idleTable(idles));
			idles.forEach((l) -> l.notes()
				.forEach((n) -> text.append("note (").append(l.target()).append("): ").append(n).append('\n')));
		}
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("load", loads);
		all.put("idle", idles);
		JSON.writeValue(dir.resolve("benchmark.json").toFile(), all);
		Files.writeString(dir.resolve("benchmark.md"), text.toString());
		System.out.println(text);
		System.out.println("written: " + dir.resolve("benchmark.md") + ", " + dir.resolve("benchmark.json")
				+ (loads.isEmpty() ? "" : ", " + dir.resolve("latency.html")));
	}

	private static Map<String, java.net.URI> uris(Map<String, String> pairs) {
		Map<String, java.net.URI> out = new LinkedHashMap<>();
		pairs.forEach((name, value) -> out.put(name, java.net.URI.create(value)));
		return out;
	}

	private static Target target(Options o) {
		String host = o.get("host", "127.0.0.1");
		return switch (o.get("target", "chat")) {
			case "chat" -> Target.chat(host,
					Arrays.stream(o.get("port", "48080").split(",")).map(String::trim).map(Integer::valueOf).toList(),
					o.integer("message-port", 48081), o.integer("issuer-port", 49000));
			case "spring" -> Target.spring(host, o.integer("port", 48180));
			case "rabbitmq" -> Target.rabbitmq(host, o.integer("port", 45674));
			default -> throw new IllegalArgumentException("--target is chat, spring or rabbitmq");
		};
	}

	/**
	 * The processes to measure: every {@code *.pid} of {@code --pids-dir}, every
	 * {@code --pid name=FILE} (merged into a group of the same name), and the generator.
	 */
	private static ProcessCpu cpu(Options o) throws IOException {
		Path proc = Path.of("/proc");
		Map<String, ProcessCpu.Group> groups = new LinkedHashMap<>();
		for (String dir : o.all("pids-dir")) {
			ProcessCpu.fromPidFiles(proc, Path.of(dir), true)
				.forEach((g) -> groups.merge(g.name(), g, ProcessCpu.Group::merge));
		}
		for (Map.Entry<String, Path> pid : o.pairs("pid").entrySet()) {
			Long value = ProcessCpu.pidIn(pid.getValue());
			if (value != null) {
				groups.merge(pid.getKey(), ProcessCpu.group(proc, pid.getKey(), value, true), ProcessCpu.Group::merge);
			}
		}
		List<ProcessCpu.Group> all = new ArrayList<>(groups.values());
		all.add(new ProcessCpu.Group("loadgen", java.util.Set.of(), java.util.Set.of(ProcessHandle.current().pid()),
				false));
		return new ProcessCpu(proc, all);
	}

	static String usage() {
		return """
				Usage: java -jar loadgen-exec.jar <command> [options]
				  load    open-loop stages against one target; prints the tables, writes --out (JSON)
				  idle    idle sessions in steps; heap (after GC) and RSS per session; writes --out
				  report  [--out-dir DIR] RESULT.json...: one table for all, DIR/benchmark.{md,json}, DIR/latency.html
				Target: --target chat|spring|rabbitmq --host 127.0.0.1 --port P
				        (chat: --port P1,P2,... for several edge nodes, sessions spread round-robin;
				        also --message-port 48081 --issuer-port 49000)
				load:   --conversations 100 --members 5 --warmup 200x20 (RATExSECONDS, 0 = none)
				        --rates 200,400,800,1600 --seconds 20 --deadline-ms 5000 --text-length 140
				        --idle-sessions 0 (more sessions, open through every stage, sending nothing)
				        --seed 1 --threads 2 --profile-rate 400 --profile NAME=PIDFILE (JFR during that stage)
				        --metrics NAME=URL (a Prometheus endpoint; counters per stage in the JSON and report)
				idle:   --steps 1000,2000,5000,10000,15000 --members 5 --heap-pid PIDFILE
				CPU:    --pids-dir DIR (every DIR/*.pid is a process group) --pid NAME=PIDFILE (repeatable)
				""";
	}

	/** {@code --name value} options (repeatable) and positional arguments. */
	record Options(Map<String, List<String>> values, List<String> positional) {

		static Options parse(String[] args) {
			Map<String, List<String>> values = new LinkedHashMap<>();
			List<String> positional = new ArrayList<>();
			for (int i = 0; i < args.length; i++) {
				if (args[i].startsWith("--")) {
					String name = args[i].substring(2);
					String value;
					int eq = name.indexOf('=');
					if (eq > 0 && !name.startsWith("pid") && !name.startsWith("profile")
							&& !name.startsWith("metrics")) {
						value = name.substring(eq + 1);
						name = name.substring(0, eq);
					}
					else {
						if (i + 1 >= args.length) {
							throw new IllegalArgumentException("--" + name + " needs a value");
						}
						value = args[++i];
					}
					values.computeIfAbsent(name, (k) -> new ArrayList<>()).add(value);
				}
				else {
					positional.add(args[i]);
				}
			}
			return new Options(values, positional);
		}

		boolean has(String name) {
			return this.values.containsKey(name);
		}

		String get(String name, String fallback) {
			List<String> all = this.values.get(name);
			return (all == null) ? fallback : all.get(all.size() - 1);
		}

		int integer(String name, int fallback) {
			return Integer.parseInt(get(name, Integer.toString(fallback)));
		}

		List<String> all(String name) {
			return this.values.getOrDefault(name, List.of());
		}

		/** {@code --name key=value} options as a map. */
		Map<String, Path> pairs(String name) {
			Map<String, Path> out = new LinkedHashMap<>();
			strings(name).forEach((key, value) -> out.put(key, Path.of(value)));
			return out;
		}

		/** {@code --name key=value} options as a map of strings. */
		Map<String, String> strings(String name) {
			Map<String, String> out = new LinkedHashMap<>();
			for (String pair : all(name)) {
				int eq = pair.indexOf('=');
				if (eq <= 0) {
					throw new IllegalArgumentException("--" + name + " takes NAME=VALUE, not " + pair);
				}
				out.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
			return out;
		}

	}

}
