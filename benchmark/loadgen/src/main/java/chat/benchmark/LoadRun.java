package chat.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The open-loop run: {@code conversations} × {@code members} sessions, each message from
 * a random member of a random conversation, sent on a fixed schedule per stage (message
 * {@code i} of a stage at {@code start + i / rate}), whatever happened to the messages
 * before it. With {@code idleSessions}, that many more sessions (users of conversations
 * of their own, subscribed as the active ones are) stay open through every stage and send
 * nothing.
 */
final class LoadRun {

	/** What to run. */
	record Plan(int conversations, int members, int idleSessions, List<StageSpec> stages, long deadlineMs,
			int textLength, int threads, long seed, Integer profileRate, Map<String, Path> profilePidFiles, Path outDir,
			Map<String, java.net.URI> metrics) {
	}

	record StageSpec(String name, int rate, int seconds, boolean warmup) {
	}

	private final Target target;

	private final Plan plan;

	private final ProcessCpu cpu;

	private final MessageIds ids;

	private volatile Ledger.Stage current;

	private final AtomicInteger errors = new AtomicInteger();

	private final List<String> notes = new ArrayList<>();

	LoadRun(Target target, Plan plan, ProcessCpu cpu) {
		this.target = target;
		this.plan = plan;
		this.cpu = cpu;
		SplittableRandom random = new SplittableRandom();
		this.ids = new MessageIds(random.nextLong(), random.nextInt());
	}

	Results.LoadResult run() throws Exception {
		String startedAt = Instant.now().toString();
		String tag = "b" + Long.toHexString(System.nanoTime() & 0xffffffL);
		Target.Layout layout = this.target.prepare(tag, this.plan.conversations(), this.plan.members());
		int capacity = this.plan.stages().stream().mapToInt((s) -> s.rate() * s.seconds()).sum();
		Ledger ledger = new Ledger(capacity, this.plan.members());
		long deadlineNanos = TimeUnit.MILLISECONDS.toNanos(this.plan.deadlineMs());

		List<Sessions.Spec> specs = new ArrayList<>();
		for (int c = 0; c < this.plan.conversations(); c++) {
			String cid = layout.conversationIds().get(c);
			for (int m = 0; m < this.plan.members(); m++) {
				Map<String, String> subscriptions = new LinkedHashMap<>();
				if (this.target.subscribesAcks()) {
					subscriptions.put("acks", "/user/queue/acks");
				}
				subscriptions.put("conv", this.target.topic(cid));
				specs.add(new Sessions.Spec(layout.connectHeaders().get(c).get(m), new Member(ledger, m, deadlineNanos),
						subscriptions));
			}
		}
		List<Results.StageResult> results = new ArrayList<>();
		try (Sessions sessions = new Sessions(this.plan.threads())) {
			openIdle(tag, sessions);
			long opening = System.nanoTime();
			List<StompConnection> connections = sessions.openAll(this.target, specs, 32, (ex) -> {
				if (this.errors.incrementAndGet() <= 3) {
					System.err.println("session failed: " + ex);
				}
				return null;
			});
			long failed = connections.stream().filter((c) -> c == null).count();
			System.out.printf("%s: %d sessions open (%d failed) in %.1f s%n", this.target.name(),
					connections.size() - failed, failed, (System.nanoTime() - opening) / 1e9);
			if (failed > 0) {
				throw new IllegalStateException(failed + " sessions could not be opened");
			}
			SplittableRandom random = new SplittableRandom(this.plan.seed());
			int next = 0;
			String padding = "x".repeat(Math.max(0, this.plan.textLength() - 24));
			List<Ledger.Stage> stages = new ArrayList<>();
			for (StageSpec spec : this.plan.stages()) {
				Ledger.Stage stage = new Ledger.Stage(spec.name(), spec.rate(), spec.seconds(), spec.warmup(), next);
				stages.add(stage);
				results.add(drive(stage, ledger, layout, connections, random, padding, sessions));
				next += stage.planned;
			}
			// Late frames: one more deadline for everything, then the final counts.
			long end = System.nanoTime() + deadlineNanos;
			while (System.nanoTime() < end && !stages.stream().allMatch(ledger::complete)) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			}
			for (int i = 0; i < stages.size(); i++) {
				Ledger.Outcome last = ledger.outcome(stages.get(i));
				results.set(i, results.get(i).atEnd(last.lostDeliveries(), last.notAcked()));
			}
		}
		return new Results.LoadResult("load", this.target.name(), startedAt, Machines.describe(),
				new Results.LoadConfig(this.plan.conversations(), this.plan.members(),
						this.plan.conversations() * this.plan.members(), this.plan.idleSessions(),
						this.plan.deadlineMs(), this.plan.textLength(), this.plan.threads(),
						this.target.endpoints().stream().map(Object::toString).collect(Collectors.joining(","))),
				results, this.notes);
	}

	/** Opens the idle sessions; more than 1 % of them failing ends the run. */
	private void openIdle(String tag, Sessions sessions) throws Exception {
		if (this.plan.idleSessions() <= 0) {
			return;
		}
		int members = this.plan.members();
		int conversations = (this.plan.idleSessions() + members - 1) / members;
		long opening = System.nanoTime();
		Target.Layout layout = this.target.prepare(tag + "i", conversations, members);
		StompConnection.FrameListener ignore = (frame, nanos) -> {
		};
		List<Sessions.Spec> specs = new ArrayList<>();
		for (int i = 0; i < this.plan.idleSessions(); i++) {
			Map<String, String> subscriptions = new LinkedHashMap<>();
			if (this.target.subscribesAcks()) {
				subscriptions.put("acks", "/user/queue/acks");
			}
			subscriptions.put("conv", this.target.topic(layout.conversationIds().get(i / members)));
			specs.add(new Sessions.Spec(layout.connectHeaders().get(i / members).get(i % members), ignore,
					subscriptions));
		}
		AtomicInteger failed = new AtomicInteger();
		sessions.openAll(this.target, specs, 64, (ex) -> {
			if (failed.incrementAndGet() <= 3) {
				System.err.println("idle session failed: " + ex);
			}
			return null;
		});
		System.out.printf("%s: %d idle sessions open (%d failed) in %.1f s%n", this.target.name(),
				specs.size() - failed.get(), failed.get(), (System.nanoTime() - opening) / 1e9);
		if (failed.get() > specs.size() / 100) {
			throw new IllegalStateException(failed + " of " + specs.size() + " idle sessions could not be opened");
		}
		this.notes.add((specs.size() - failed.get()) + " idle sessions open through every stage (" + failed
				+ " could not be opened)");
	}

	private Results.StageResult drive(Ledger.Stage stage, Ledger ledger, Target.Layout layout,
			List<StompConnection> connections, SplittableRandom random, String padding, Sessions sessions)
			throws IOException, InterruptedException {
		this.current = stage;
		int closedBefore = sessions.closed.get();
		List<String> profiles = startProfiles(stage);
		ServiceMetrics services = new ServiceMetrics(this.plan.metrics());
		Map<String, Map<String, Double>> metricsBefore = services.scrape();
		ProcessCpu.Sample before = this.cpu.sample();
		long period = 1_000_000_000L / stage.rate;
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
		for (int i = 0; i < stage.planned; i++) {
			long intended = start + (long) ((double) i * 1e9 / stage.rate);
			long now;
			while ((now = System.nanoTime()) < intended) {
				LockSupport.parkNanos(Math.min(intended - now, period));
			}
			int index = stage.firstIndex + i;
			int conversation = random.nextInt(this.plan.conversations());
			int member = random.nextInt(this.plan.members());
			ledger.planned(index, stage, conversation, member, intended);
			stage.sentOne();
			String id = this.ids.id(index);
			StompFrame send = StompFrame
				.of("SEND", "destination", this.target.sendDestination(layout.conversationIds().get(conversation)),
						"content-type", "application/json")
				.withBody("{\"clientMessageId\":\"" + id + "\",\"text\":\"benchmark " + index + " " + padding + "\"}");
			if (this.target.ackByReceipt()) {
				send.headers().put("receipt", id);
			}
			connections.get(conversation * this.plan.members() + member).sendFrame(send).whenComplete((ws, ex) -> {
				if (ex != null) {
					stage.sendErrors.increment();
				}
			});
			stage.sendLag.recordValue(Ledger.micros(System.nanoTime() - intended));
		}
		long sendEnded = System.nanoTime();
		long lastIntended = start + (long) ((double) (stage.planned - 1) * 1e9 / stage.rate);
		long deadline = lastIntended + TimeUnit.MILLISECONDS.toNanos(this.plan.deadlineMs());
		while (System.nanoTime() < deadline && !ledger.complete(stage)) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
		ProcessCpu.Sample after = this.cpu.sample();
		Map<String, Map<String, Double>> metrics = ServiceMetrics.change(metricsBefore, services.scrape());
		Ledger.Outcome outcome = ledger.outcome(stage);
		Results.Cpu cpu = cpu(before, after, stage.sent());
		Map<String, Long> rejected = new LinkedHashMap<>();
		stage.rejected.forEach((code, n) -> rejected.put(code, n.sum()));
		Map<String, Long> other = new LinkedHashMap<>();
		stage.otherEvents.forEach((type, n) -> other.put(type, n.sum()));
		double sendSeconds = Math.max(1e-9, (sendEnded - start) / 1e9);
		Results.StageResult result = new Results.StageResult(stage.name, stage.rate, stage.seconds, stage.warmup,
				outcome.sent(), outcome.sent() / sendSeconds, outcome.accepted(), rejected, outcome.notAcked(),
				outcome.accepted() * (this.plan.members() - 1), stage.deliveryLatency.getTotalCount(),
				outcome.lostDeliveries(), outcome.lostMessages(), stage.duplicates.sum(), stage.duplicateAcks.sum(),
				stage.outOfOrder.sum(), stage.late.sum(), stage.sendErrors.sum(), sessions.closed.get() - closedBefore,
				Results.Latency.of(stage.ackLatency, true), Results.Latency.of(stage.deliveryLatency, true),
				Results.Latency.of(stage.sendLag, false), other, cpu, profiles, -1, -1, metrics);
		System.out.println(Report.stageLine(this.target.name(), result));
		return result;
	}

	private List<String> startProfiles(Ledger.Stage stage) {
		List<String> files = new ArrayList<>();
		if (this.plan.profileRate() == null || stage.warmup || stage.rate != this.plan.profileRate()) {
			return files;
		}
		this.plan.profilePidFiles().forEach((name, pidFile) -> {
			try {
				Long pid = ProcessCpu.pidIn(pidFile);
				if (pid == null) {
					this.notes.add("no pid for profile of " + name + " in " + pidFile);
					return;
				}
				Path file = this.plan.outDir()
					.resolve(this.target.name() + "-" + name + "-" + stage.rate + ".jfr")
					.toAbsolutePath();
				Jvm.startRecording(pid, "bench-" + name, stage.seconds, file);
				files.add(file.toString());
			}
			catch (IOException | InterruptedException ex) {
				this.notes.add("profile of " + name + " not started: " + ex.getMessage());
			}
		});
		return files;
	}

	private Results.Cpu cpu(ProcessCpu.Sample before, ProcessCpu.Sample after, long messages) {
		Map<String, Double> percent = after.corePercentSince(before);
		Map<String, Double> seconds = after.cpuSecondsSince(before);
		double system = 0;
		double systemSeconds = 0;
		double generator = 0;
		for (ProcessCpu.Group group : this.cpu.groups()) {
			if (group.system()) {
				system += percent.getOrDefault(group.name(), 0.0);
				systemSeconds += seconds.getOrDefault(group.name(), 0.0);
			}
			else {
				generator += percent.getOrDefault(group.name(), 0.0);
			}
		}
		return new Results.Cpu((after.nanos() - before.nanos()) / 1e9, percent, system, generator,
				after.machineBusyPercentSince(before), (messages > 0) ? 1000 * systemSeconds / messages : 0,
				after.rssBytes());
	}

	/**
	 * One session's view: acks of its own sends, and the conversation's messages, checked
	 * for duplicates and order (by {@code seq} where the target numbers messages, and
	 * always per sender, whose sends every target keeps in order). Called on one thread
	 * at a time per session.
	 */
	private final class Member implements StompConnection.FrameListener {

		private final Ledger ledger;

		private final int member;

		private final long deadlineNanos;

		private long lastSeq = -1;

		private final long[] lastFromSender;

		Member(Ledger ledger, int member, long deadlineNanos) {
			this.ledger = ledger;
			this.member = member;
			this.deadlineNanos = deadlineNanos;
			this.lastFromSender = new long[LoadRun.this.plan.members()];
			java.util.Arrays.fill(this.lastFromSender, -1);
		}

		@Override
		public void onFrame(StompFrame frame, long receivedAtNanos) {
			switch (frame.command()) {
				case "MESSAGE" -> message(frame, receivedAtNanos);
				case "RECEIPT" -> {
					int index = index(frame.header("receipt-id"));
					if (index >= 0) {
						this.ledger.acked(index, true, null, receivedAtNanos);
					}
				}
				case "ERROR" -> {
					if (LoadRun.this.errors.incrementAndGet() <= 3) {
						System.err.println("ERROR frame: " + frame.header("message") + " " + frame.body());
					}
				}
				default -> {
				}
			}
		}

		private void message(StompFrame frame, long receivedAtNanos) {
			String body = frame.body();
			if ("acks".equals(frame.header("subscription"))) {
				int index = index(JsonScan.string(body, "clientMessageId"));
				if (index >= 0) {
					boolean accepted = "ACCEPTED".equals(JsonScan.string(body, "status"));
					this.ledger.acked(index, accepted, accepted ? null : JsonScan.string(body, "code"),
							receivedAtNanos);
				}
				return;
			}
			String type = frame.header("event-type");
			if (type != null && !type.equals("message.created")) {
				Ledger.Stage stage = LoadRun.this.current;
				if (stage != null) {
					stage.otherEvents.computeIfAbsent(type, (t) -> new java.util.concurrent.atomic.LongAdder())
						.increment();
				}
				return;
			}
			int index = index(JsonScan.string(body, "clientMessageId"));
			if (index < 0) {
				return;
			}
			if (!this.ledger.delivered(index, this.member, receivedAtNanos, this.deadlineNanos)) {
				return;
			}
			Ledger.Stage stage = this.ledger.stageOf(index);
			long seq = JsonScan.number(body, "seq", -1);
			boolean disorder = false;
			if (seq >= 0) {
				disorder = seq <= this.lastSeq;
				this.lastSeq = Math.max(this.lastSeq, seq);
			}
			int sender = this.ledger.senderOf(index);
			disorder |= index < this.lastFromSender[sender];
			this.lastFromSender[sender] = Math.max(this.lastFromSender[sender], index);
			if (disorder && stage != null) {
				stage.outOfOrder.increment();
			}
		}

		private int index(String clientMessageId) {
			long index = LoadRun.this.ids.index(clientMessageId);
			return (index >= 0 && index < this.ledger.capacity()) ? (int) index : -1;
		}

	}

}
