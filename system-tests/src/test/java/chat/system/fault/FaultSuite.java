package chat.system.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import chat.contracts.ChatJson;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Runs faults against a launched system, one after the other, each under its own steady
 * load: fresh users in fresh conversations, {@link AppUser}s (the Java SDK) spread over
 * the edge nodes, an open-loop pacer. Per fault: warm up, the fault (which restarts or
 * heals what it broke), more load, then the clients' retries and catch-ups are given time
 * to finish and the outcome is read from the clients and from PostgreSQL.
 */
public final class FaultSuite {

	/**
	 * The load and its phases.
	 *
	 * @param clients users, one session each
	 * @param membersPerConversation conversation size ({@code clients} is a multiple)
	 * @param sendsPerSecond offered rate over all clients (open loop)
	 * @param warmup load before the fault (the baseline p99 is taken from it)
	 * @param after load after the faulty part is back
	 * @param settle how long retries and catch-ups may take once the load stopped
	 * @param threshold the p99 send→ack that counts as recovered
	 */
	public record Settings(int clients, int membersPerConversation, double sendsPerSecond, Duration warmup,
			Duration after, Duration settle, Duration threshold) {

		public static Settings ci() {
			return new Settings(30, 5, 20, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(45),
					Duration.ofMillis(500));
		}

	}

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Target target;

	private final Settings settings;

	public FaultSuite(Target target, Settings settings) {
		this.target = target;
		this.settings = settings;
	}

	public Settings settings() {
		return this.settings;
	}

	/** Runs one fault under load and measures it. */
	public FaultResult run(Fault fault) throws Exception {
		String prefix = fault.id() + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 36), 36);
		int groups = this.settings.clients() / this.settings.membersPerConversation();
		Map<String, List<String>> members = new HashMap<>();
		List<String> conversations = new ArrayList<>();
		for (int g = 0; g < groups; g++) {
			List<String> users = new ArrayList<>();
			for (int m = 0; m < this.settings.membersPerConversation(); m++) {
				users.add(prefix + "-u" + (g * this.settings.membersPerConversation() + m));
			}
			String conversation = createConversation(this.target.token(users.get(0)), users.subList(1, users.size()));
			conversations.add(conversation);
			members.put(conversation, users);
		}

		List<AppUser> clients = new ArrayList<>();
		// closing the context stops its users
		try (LoadContext context = new LoadContext(this.target.edgeUrls(), this.target.messageServiceUrl(),
				this.target::token)) {
			int i = 0;
			for (String conversation : conversations) {
				for (String user : members.get(conversation)) {
					clients.add(new AppUser(context, user, conversation, i++));
				}
			}
			clients.forEach(AppUser::start);
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> clients.stream().allMatch(AppUser::ready));

			// The system must be serving before the baseline starts: one send per client,
			// all acked (a freshly started stack may still be assigning partitions).
			clients.forEach(c -> c.send("probe"));
			await().atMost(Duration.ofSeconds(300))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> clients.stream().allMatch(c -> c.sendsInOrder().stream().allMatch(AppUser.Send::acked)));

			AtomicLong counter = new AtomicLong();
			long periodNanos = (long) (1e9 / this.settings.sendsPerSecond());
			ScheduledFuture<?> pacer = context.scheduler.scheduleAtFixedRate(() -> {
				long n = counter.getAndIncrement();
				clients.get((int) (n % clients.size())).send("fault suite message " + n);
			}, 0, periodNanos, TimeUnit.NANOSECONDS);
			long loadStarted = System.nanoTime();
			Instant startedAt = Instant.now();
			Fault.Marks marks = new Fault.Marks();
			long loadEnded;
			try {
				Fault.hold(this.settings.warmup());
				fault.action().run(this.target, marks);
				Fault.hold(this.settings.after());
			}
			finally {
				pacer.cancel(false);
				loadEnded = System.nanoTime();
			}
			Set<UUID> checked = settle(clients);
			return measure(fault, clients, conversations, marks, loadStarted, startedAt, loadEnded, checked);
		}
	}

	/**
	 * Runs one fault like {@link #run(Fault)}; a fault that could not be run (the system
	 * did not come back, a step failed) becomes a result with its error, so that the
	 * faults after it still run.
	 */
	public FaultResult runOrRecord(Fault fault) {
		try {
			return run(fault);
		}
		catch (Exception | AssertionError ex) {
			ex.printStackTrace(System.out);
			return new FaultResult(fault.id(), fault.name(), this.settings.clients(), 0, this.settings.sendsPerSecond(),
					0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, "", List.of(), ex.toString());
		}
	}

	/**
	 * Gives retries and catch-ups time to finish, then returns the sends acked by now:
	 * those must be shown to every member (within {@code settle}); sends acked later are
	 * still counted as acked and checked against PostgreSQL.
	 */
	private Set<UUID> settle(List<AppUser> clients) {
		try {
			await().atMost(this.settings.settle())
				.pollInterval(Duration.ofMillis(500))
				.until(() -> clients.stream().allMatch(c -> c.sendsInOrder().stream().allMatch(AppUser.Send::settled)));
		}
		catch (ConditionTimeoutException ex) {
			// Reported as never acked.
		}
		Set<UUID> acked = new HashSet<>();
		clients.forEach(
				c -> c.sendsInOrder().stream().filter(AppUser.Send::acked).forEach(s -> acked.add(s.clientMessageId)));
		try {
			await().atMost(this.settings.settle())
				.pollInterval(Duration.ofMillis(500))
				.until(() -> clients.stream().allMatch(c -> {
					Set<UUID> shown = new HashSet<>();
					c.shown().forEach(s -> shown.add(s.clientMessageId()));
					return clients.stream()
						.filter(sender -> sender.conversation.equals(c.conversation))
						.flatMap(sender -> sender.sendsInOrder().stream())
						.filter(s -> acked.contains(s.clientMessageId))
						.allMatch(s -> shown.contains(s.clientMessageId));
				}));
		}
		catch (ConditionTimeoutException ex) {
			// Reported as not delivered.
		}
		return acked;
	}

	private FaultResult measure(Fault fault, List<AppUser> clients, List<String> conversations, Fault.Marks marks,
			long loadStarted, Instant startedAt, long loadEnded, Set<UUID> checked) throws Exception {
		record Row(String conversation, long seq, UUID clientMessageId, String sender) {
		}
		List<Row> rows = new ArrayList<>();
		try (Connection db = this.target.database();
				PreparedStatement query = db.prepareStatement(
						"SELECT conversation_id, seq, client_message_id, sender_id FROM messages WHERE conversation_id = ANY(?)")) {
			Array ids = db.createArrayOf("uuid", conversations.stream().map(UUID::fromString).toArray());
			query.setArray(1, ids);
			try (ResultSet result = query.executeQuery()) {
				while (result.next()) {
					rows.add(new Row(result.getString(1), result.getLong(2), result.getObject(3, UUID.class),
							result.getString(4)));
				}
			}
		}
		Map<String, Map<UUID, List<Long>>> storedBySender = new HashMap<>();
		Map<String, List<Long>> seqsByConversation = new HashMap<>();
		for (Row row : rows) {
			storedBySender.computeIfAbsent(row.sender(), s -> new HashMap<>())
				.computeIfAbsent(row.clientMessageId(), id -> new ArrayList<>())
				.add(row.seq());
			seqsByConversation.computeIfAbsent(row.conversation(), c -> new ArrayList<>()).add(row.seq());
		}
		int duplicatesStored = 0;
		for (Map<UUID, List<Long>> bySender : storedBySender.values()) {
			for (List<Long> seqs : bySender.values()) {
				duplicatesStored += seqs.size() - 1;
			}
		}
		int gaps = 0;
		for (List<Long> seqs : seqsByConversation.values()) {
			long max = seqs.stream().mapToLong(Long::longValue).max().orElse(0);
			gaps += (int) (max - new HashSet<>(seqs).size());
		}

		int sends = 0;
		int acked = 0;
		int ackedNotStored = 0;
		int ackedNotDelivered = 0;
		int neverAcked = 0;
		List<AppUser.Send> all = new ArrayList<>();
		List<String> examples = new ArrayList<>();
		Map<String, List<AppUser>> byConversation = new HashMap<>();
		clients.forEach(c -> byConversation.computeIfAbsent(c.conversation, x -> new ArrayList<>()).add(c));
		Map<AppUser, Set<UUID>> shownBy = new HashMap<>();
		int duplicatesShown = 0;
		int conflictingAcks = 0;
		List<Long> deliveryNanos = new ArrayList<>();
		for (AppUser client : clients) {
			Set<UUID> shown = new HashSet<>();
			for (AppUser.Shown s : client.shown()) {
				if (!shown.add(s.clientMessageId())) {
					duplicatesShown++;
				}
				AppUser.Send send = findSend(byConversation.get(client.conversation), s.clientMessageId());
				if (send != null && send.acked() && send.ackedSeq != s.seq()) {
					// the sender was told one seq, a member shows it at another
					conflictingAcks++;
				}
				if (send != null && !s.senderId().equals(client.user)) {
					deliveryNanos.add(s.shownAtNanos() - send.firstSentNanos);
				}
			}
			shownBy.put(client, shown);
		}
		for (AppUser client : clients) {
			for (AppUser.Send send : client.sendsInOrder()) {
				sends++;
				all.add(send);
				if (!send.acked()) {
					neverAcked++;
					continue;
				}
				acked++;
				List<Long> stored = storedBySender.getOrDefault(client.user, Map.of()).get(send.clientMessageId);
				if (stored == null || !stored.contains(send.ackedSeq)) {
					ackedNotStored++;
				}
				boolean missing = false;
				for (AppUser member : checked.contains(send.clientMessageId) ? byConversation.get(client.conversation)
						: List.<AppUser>of()) {
					if (!shownBy.get(member).contains(send.clientMessageId)) {
						missing = true;
						if (examples.size() < 20) {
							examples.add(String.format(
									"seq %d (%s, sent by %s at +%.1f s, acked at +%.1f s, %d app retries) not shown to %s "
											+ "(last shown seq %d, %d connects; conversation %s has %d rows)",
									send.ackedSeq, send.clientMessageId, client.user,
									(send.firstSentNanos - loadStarted) / 1e9, (send.ackedNanos - loadStarted) / 1e9,
									send.appRetries.get(), member.user, member.lastShownSeq(), member.connects.get(),
									client.conversation,
									seqsByConversation.getOrDefault(client.conversation, List.of()).size()));
						}
					}
				}
				if (missing) {
					ackedNotDelivered++;
				}
			}
		}

		long threshold = this.settings.threshold().toNanos();
		List<Double> recovery = new ArrayList<>();
		for (long back : marks.backs) {
			recovery.add(recoverySeconds(all, back, loadEnded, threshold));
		}
		long firstFault = marks.faults.isEmpty() ? loadEnded : marks.faults.get(0);
		long lastBack = marks.backs.isEmpty() ? firstFault : marks.backs.get(marks.backs.size() - 1);
		// from 2 s after the start to 1 s before the fault: sends still in flight when it
		// hit are not the baseline
		double baseline = percentile(all.stream()
			.filter(s -> s.firstSentNanos >= loadStarted + 2_000_000_000L
					&& s.firstSentNanos < firstFault - 1_000_000_000L)
			.mapToLong(FaultSuite::latency)
			.toArray(), 99) / 1e6;
		double maxAck = all.stream().mapToLong(FaultSuite::latency).filter(l -> l != Long.MAX_VALUE).max().orElse(0)
				/ 1e6;
		long[] delivery = deliveryNanos.stream().mapToLong(Long::longValue).toArray();
		StringBuilder timeline = new StringBuilder(String.format("load from %s", startedAt));
		for (int f = 0; f < marks.faults.size(); f++) {
			timeline.append(String.format(", fault at +%.1f s", (marks.faults.get(f) - loadStarted) / 1e9));
			if (f < marks.backs.size()) {
				timeline.append(String.format(", back at +%.1f s", (marks.backs.get(f) - loadStarted) / 1e9));
			}
		}
		timeline.append(String.format(", load stopped at +%.1f s", (loadEnded - loadStarted) / 1e9));
		Map<String, Long> finalErrors = all.stream()
			.filter(sd -> sd.finalError != null)
			.collect(java.util.stream.Collectors.groupingBy(sd -> sd.finalError.toString(), java.util.TreeMap::new,
					java.util.stream.Collectors.counting()));
		if (!finalErrors.isEmpty()) {
			timeline.append("; final rejections ").append(finalErrors);
		}
		long late = all.stream().filter(sd -> sd.acked() && !checked.contains(sd.clientMessageId)).count();
		if (late > 0) {
			timeline.append(String
				.format("; %d sends acked only after the delivery check began (not checked for delivery)", late));
		}
		return new FaultResult(fault.id(), fault.name(), clients.size(), conversations.size(),
				this.settings.sendsPerSecond(), sends, acked, ackedNotStored, ackedNotDelivered, duplicatesStored,
				duplicatesShown, gaps, neverAcked, conflictingAcks,
				(int) all.stream().filter(sd -> sd.finalError != null).count(),
				all.stream().mapToInt(sd -> sd.appRetries.get()).sum(), sum(clients, c -> c.connects.get() - 1),
				recovery, baseline, maxAck, percentile(delivery, 99) / 1e6,
				Arrays.stream(delivery).max().orElse(0) / 1e6, (lastBack - firstFault) / 1e9, timeline.toString(),
				examples, null);
	}

	private static AppUser.Send findSend(List<AppUser> conversationClients, UUID id) {
		for (AppUser c : conversationClients) {
			AppUser.Send send = c.sends.get(id);
			if (send != null) {
				return send;
			}
		}
		return null;
	}

	private static int sum(List<AppUser> clients, java.util.function.ToIntFunction<AppUser> count) {
		return clients.stream().mapToInt(count).sum();
	}

	/** First send to ack; an unacked send counts as infinitely slow. */
	static long latency(AppUser.Send send) {
		return send.acked() ? send.ackedNanos - send.firstSentNanos : Long.MAX_VALUE;
	}

	/**
	 * Seconds from {@code back} to the start of the first 5 s (ten 500 ms buckets of
	 * sends, by first attempt) in which every bucket's send→ack p99 is under
	 * {@code threshold}; {@code null} when the load ended first.
	 */
	static Double recoverySeconds(List<AppUser.Send> sends, long back, long loadEnded, long threshold) {
		long bucket = 500_000_000L;
		int window = 10;
		int buckets = (int) Math.max(0, (loadEnded - back) / bucket);
		List<List<Long>> latencies = new ArrayList<>();
		for (int i = 0; i < buckets; i++) {
			latencies.add(new ArrayList<>());
		}
		for (AppUser.Send send : sends) {
			long offset = send.firstSentNanos - back;
			if (offset >= 0 && offset / bucket < buckets) {
				latencies.get((int) (offset / bucket)).add(latency(send));
			}
		}
		int good = 0;
		for (int i = 0; i < buckets; i++) {
			long p99 = percentile(latencies.get(i).stream().mapToLong(Long::longValue).toArray(), 99);
			good = p99 < threshold ? good + 1 : 0;
			if (good == window) {
				return (i - window + 1) * bucket / 1e9;
			}
		}
		return null;
	}

	static long percentile(long[] values, double percentile) {
		if (values.length == 0) {
			return 0;
		}
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	private String createConversation(String token, List<String> others) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create(this.target.messageServiceUrl() + "/api/conversations"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(
						ChatJson.mapper().writeValueAsString(Map.of("title", "fault suite", "memberIds", others))))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("create conversation: " + response.statusCode() + " " + response.body());
		}
		return ChatJson.mapper().readTree(response.body()).get("id").asString();
	}

	/** The table as Markdown, with what produced it. */
	public static String table(List<FaultResult> results, Settings settings, String command) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(
				"Fault suite, %s, %d clients in %d conversations of %d, %.0f msg/s offered (open loop)."
						+ " Command: `%s`%n%n",
				Instant.now(), settings.clients(), settings.clients() / settings.membersPerConversation(),
				settings.membersPerConversation(), settings.sendsPerSecond(), command));
		out.append(FaultResult.header());
		results.forEach(r -> out.append(r.row()));
		out.append('\n');
		for (FaultResult r : results) {
			out.append(String.format(
					"- %s: %s; %d resends after the SDK gave up, %d final rejections, send→delivery p99 %.0f ms%n",
					r.fault(), r.timeline(), r.appRetries(), r.finalRejections(), r.deliveryP99Ms()));
			r.notDeliveredExamples().forEach(e -> out.append("  - not delivered: ").append(e).append('\n'));
		}
		return out.toString();
	}

	/** Prints the table and writes it (Markdown and JSON) under {@code dir}. */
	public static void report(List<FaultResult> results, Settings settings, String command, Path dir, String name)
			throws Exception {
		String table = table(results, settings, command);
		System.out.printf("%nFAULT SUITE%n%s%n", table);
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(name + ".md"), table);
		Files.writeString(dir.resolve(name + ".json"), ChatJson.mapper()
			.writerWithDefaultPrettyPrinter()
			.writeValueAsString(Map.of("settings", settings.toString(), "command", command, "results", results)));
	}

}
