package chat.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle-sessions mode: opens sessions in steps (each CONNECTed and subscribed to
 * {@code /user/queue/acks} where the target has it and to its conversation's topic, as a
 * mostly idle client is), and after each step measures the target's live heap after a
 * full GC (a {@code jcmd GC.class_histogram}, when the target is a JVM) and its RSS. Per
 * session = (value − value before the first session) / sessions open.
 */
final class IdleRun {

	record Plan(List<Integer> steps, int members, int threads, Path heapPidFile) {
	}

	private final Target target;

	private final Plan plan;

	private final ProcessCpu memory;

	private final List<String> notes = new ArrayList<>();

	IdleRun(Target target, Plan plan, ProcessCpu memory) {
		this.target = target;
		this.plan = plan;
		this.memory = memory;
	}

	Results.IdleResult run() throws Exception {
		String startedAt = Instant.now().toString();
		int max = this.plan.steps().get(this.plan.steps().size() - 1);
		int conversations = (max + this.plan.members() - 1) / this.plan.members();
		String tag = "i" + Long.toHexString(System.nanoTime() & 0xffffffL);
		long preparing = System.nanoTime();
		Target.Layout layout = this.target.prepare(tag, conversations, this.plan.members());
		System.out.printf("%s: %d users, %d conversations prepared in %.1f s%n", this.target.name(), max, conversations,
				(System.nanoTime() - preparing) / 1e9);
		List<Sessions.Spec> specs = new ArrayList<>();
		StompConnection.FrameListener ignore = (frame, nanos) -> {
		};
		for (int c = 0; c < conversations; c++) {
			for (int m = 0; m < this.plan.members(); m++) {
				Map<String, String> subscriptions = new LinkedHashMap<>();
				if (this.target.subscribesAcks()) {
					subscriptions.put("acks", "/user/queue/acks");
				}
				subscriptions.put("conv", this.target.topic(layout.conversationIds().get(c)));
				specs.add(new Sessions.Spec(layout.connectHeaders().get(c).get(m), ignore, subscriptions));
			}
		}
		List<Results.IdleStep> steps = new ArrayList<>();
		Jvm.Histogram baseline = heap();
		long baseRss = rss();
		steps.add(new Results.IdleStep(0, 0, 0, (baseline != null) ? baseline.totalBytes() : -1, baseRss, 0, 0));
		Jvm.Histogram last = baseline;
		int open = 0;
		int failures = 0;
		int connected = 0;
		try (Sessions sessions = new Sessions(this.plan.threads())) {
			for (int step : this.plan.steps()) {
				AtomicInteger failed = new AtomicInteger();
				long opening = System.nanoTime();
				List<StompConnection> opened = sessions.openAll(this.target, specs.subList(open, step), 64, (ex) -> {
					if (failed.incrementAndGet() <= 3) {
						System.err.println("session failed: " + ex);
					}
					return null;
				});
				failures += failed.get();
				connected += (int) opened.stream().filter((c) -> c != null).count();
				int nowOpen = connected - sessions.closed.get();
				open = step;
				Jvm.Histogram heap = heap();
				long rss = rss();
				int sessionsOpen = Math.max(0, nowOpen);
				long heapBytes = (heap != null) ? heap.totalBytes() : -1;
				double perHeap = (heap != null && sessionsOpen > 0)
						? (heap.totalBytes() - baseline.totalBytes()) / (double) sessionsOpen : 0;
				double perRss = (sessionsOpen > 0) ? (rss - baseRss) / (double) sessionsOpen : 0;
				Results.IdleStep result = new Results.IdleStep(step, sessionsOpen, failures, heapBytes, rss, perHeap,
						perRss);
				steps.add(result);
				System.out.printf(
						"%s: %d sessions open (%d failed, opened in %.1f s), live heap %s MB (%.1f KiB each), "
								+ "RSS %.0f MB (%.1f KiB each)%n",
						this.target.name(), sessionsOpen, failures, (System.nanoTime() - opening) / 1e9,
						(heap != null) ? Report.ms(heapBytes / 1e6) : "n/a", perHeap / 1024, rss / 1e6, perRss / 1024);
				if (heap != null) {
					last = heap;
				}
				if (failures > step / 100) {
					this.notes.add("stopped after " + step + " requested sessions: " + failures + " failed; "
							+ sessions.closeReasons);
					break;
				}
			}
		}
		return new Results.IdleResult("idle", this.target.name(), startedAt, Machines.describe(), steps,
				growthPerSession(baseline, last, steps.get(steps.size() - 1).sessionsOpen()), this.notes);
	}

	private Jvm.Histogram heap() throws IOException, InterruptedException {
		if (this.plan.heapPidFile() == null) {
			return null;
		}
		Long pid = ProcessCpu.pidIn(this.plan.heapPidFile());
		if (pid == null) {
			throw new IllegalStateException("no pid in " + this.plan.heapPidFile());
		}
		return Jvm.liveHeap(pid);
	}

	private long rss() throws IOException {
		return this.memory.sample().rssBytes().values().stream().mapToLong(Long::longValue).sum();
	}

	/** The classes whose live bytes grew most, per open session. */
	static Map<String, Long> growthPerSession(Jvm.Histogram before, Jvm.Histogram after, int sessions) {
		Map<String, Long> out = new LinkedHashMap<>();
		if (before == null || after == null || sessions <= 0) {
			return out;
		}
		after.bytesByClass()
			.entrySet()
			.stream()
			.map((e) -> Map.entry(e.getKey(),
					(e.getValue() - before.bytesByClass().getOrDefault(e.getKey(), 0L)) / sessions))
			.filter((e) -> e.getValue() > 0)
			.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
			.limit(15)
			.forEach((e) -> out.put(e.getKey(), e.getValue()));
		return out;
	}

}
