package chat.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded load run against the launched system on loopback, printing its figures: send
 * → ACCEPTED ack and send → {@code message.created} at the other member, as HdrHistogram
 * percentiles, and the achieved rate. It asserts correctness only (every send acked once,
 * delivered once, in order); the numbers are for reading, not for passing.
 *
 * <p>
 * Shape: {@value #PAIRS} conversations of two members, each member on its own session;
 * every sender sends at a fixed pace (open loop), first lightly, then at 200 msg/s in
 * all.
 */
@ExtendWith(SystemStack.class)
class SendAckBenchmarkSystemTest {

	static final int PAIRS = 10;

	/** Two stages: light load, then {@value #PAIRS} × 2 × 10 = 200 msg/s offered. */
	record Stage(int ratePerSender, int messagesPerSender) {
	}

	static final List<Stage> STAGES = List.of(new Stage(2, 20), new Stage(10, 100));

	final SystemStack stack = SystemStack.get();

	final MessagingSystemTest rest = new MessagingSystemTest();

	@Test
	void sendToAckAndSendToDeliveryLatencyUnderSteadyLoad() throws Exception {
		serial(50);
		for (Stage stage : STAGES) {
			run(stage.ratePerSender(), stage.messagesPerSender());
		}
	}

	/**
	 * One sender, one message in flight at a time: the latency of the path itself,
	 * without queueing.
	 */
	void serial(int messages) throws Exception {
		String conversation = this.rest.createConversation("bench-serial");
		try (StompTestClient client = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("bench-serial"))) {
			client.subscribe("/user/queue/acks");
			Histogram ack = new Histogram(3);
			for (int i = 0; i < messages; i++) {
				int acked = i;
				long sent = System.nanoTime();
				client.send(MessagingSystemTest.send(conversation),
						Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "serial " + i));
				StompTestClient.Frame frame = await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(1))
					.until(() -> client.frames("/user/queue/acks"), acks -> acks.size() > acked)
					.get(acked);
				assertThat(frame.body().get("seq").asLong()).isEqualTo(i + 1);
				ack.recordValue((frame.receivedAtNanos() - sent) / 1000);
			}
			System.out.printf("%nBENCHMARK serial send->ack, one message in flight (%d msgs)%n", messages);
			print("send->ack", ack);
		}
	}

	void run(int ratePerSender, int messagesPerSender) throws Exception {
		record Sender(StompTestClient client, String conversation, String peer) {
		}
		List<Sender> senders = new ArrayList<>();
		Map<String, StompTestClient> byUser = new HashMap<>();
		for (int pair = 0; pair < PAIRS; pair++) {
			String a = "bench-a" + pair + "-" + ratePerSender;
			String b = "bench-b" + pair + "-" + ratePerSender;
			String conversation = this.rest.createConversation(a, b);
			for (String user : List.of(a, b)) {
				StompTestClient client = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token(user))
					.subscribe("/user/queue/acks")
					.subscribe(MessagingSystemTest.topic(conversation));
				byUser.put(user, client);
			}
			senders.add(new Sender(byUser.get(a), conversation, b));
			senders.add(new Sender(byUser.get(b), conversation, a));
		}
		Map<String, Long> sentAt = new ConcurrentHashMap<>();
		// a send that throws would silently end its sender's schedule: keep the reason
		List<RuntimeException> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
		ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
		long started = System.nanoTime();
		try {
			for (Sender sender : senders) {
				int[] sent = { 0 };
				pacer.scheduleAtFixedRate(() -> {
					if (sent[0]++ < messagesPerSender) {
						String id = UUID.randomUUID().toString();
						sentAt.put(id, System.nanoTime());
						try {
							sender.client()
								.send(MessagingSystemTest.send(sender.conversation()),
										Map.of("clientMessageId", id, "text", "benchmark message " + sent[0]));
						}
						catch (RuntimeException ex) {
							failed.add(ex);
							throw ex;
						}
					}
				}, 0, 1_000_000 / ratePerSender, TimeUnit.MICROSECONDS);
			}
			int total = senders.size() * messagesPerSender;
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
				assertThat(failed).as("failed sends").isEmpty();
				return senders.stream().mapToInt(s -> s.client().frames("/user/queue/acks").size()).sum() >= total;
			});
			double seconds = (System.nanoTime() - started) / 1e9;

			Histogram ack = new Histogram(3);
			Histogram delivery = new Histogram(3);
			for (Sender sender : senders) {
				List<StompTestClient.Frame> acks = sender.client().frames("/user/queue/acks");
				assertThat(acks).hasSize(messagesPerSender)
					.allSatisfy(f -> assertThat(f.body().get("status").asString()).isEqualTo("ACCEPTED"));
				acks.forEach(f -> ack.recordValue(
						(f.receivedAtNanos() - sentAt.get(f.body().get("clientMessageId").asString())) / 1000));
				StompTestClient peer = byUser.get(sender.peer());
				await().atMost(Duration.ofSeconds(30))
					.until(() -> MessagingSystemTest.messages(peer, MessagingSystemTest.topic(sender.conversation()))
						.size() == 2 * messagesPerSender);
				peer.frames(MessagingSystemTest.topic(sender.conversation()))
					.stream()
					.filter(f -> "message.created".equals(f.headers().getFirst("event-type")))
					.filter(f -> sentAt.containsKey(f.body().get("clientMessageId").asString())
							&& !f.body().get("senderId").asString().equals(sender.peer()))
					.forEach(f -> delivery.recordValue(
							(f.receivedAtNanos() - sentAt.get(f.body().get("clientMessageId").asString())) / 1000));
				assertThat(MessagingSystemTest.messages(peer, MessagingSystemTest.topic(sender.conversation())))
					.extracting(m -> m.get("seq").asLong())
					.isSorted()
					.doesNotHaveDuplicates();
			}
			System.out.printf(
					"%nBENCHMARK send->ack and send->delivery over loopback (%d sessions, %d conversations, "
							+ "%d msgs, offered %d msg/s)%n",
					senders.size(), PAIRS, total, senders.size() * ratePerSender);
			System.out.printf("  achieved: %.0f msg/s over %.1f s%n", total / seconds, seconds);
			print("send->ack", ack);
			print("send->delivery", delivery);
			String edge = scrape("http://127.0.0.1:" + SystemStack.EDGE_PORT);
			String message = scrape(this.stack.messageServiceUrl());
			System.out.printf("  edge send->ack (server side, since start): mean %.1f ms, max %.1f ms%n",
					1000 * metric(edge, "chat_edge_send_ack_latency_seconds_sum")
							/ metric(edge, "chat_edge_send_ack_latency_seconds_count"),
					1000 * metric(edge, "chat_edge_send_ack_latency_seconds_max"));
			System.out.printf(
					"  message-service batches (since start): %.0f, mean size %.1f, mean %.1f ms, max %.1f ms%n",
					metric(message, "chat_message_batch_duration_seconds_count"),
					metric(message, "chat_message_batch_size_sum") / metric(message, "chat_message_batch_size_count"),
					1000 * metric(message, "chat_message_batch_duration_seconds_sum")
							/ metric(message, "chat_message_batch_duration_seconds_count"),
					1000 * metric(message, "chat_message_batch_duration_seconds_max"));
			assertThat(ack.getTotalCount()).isEqualTo(total);
			assertThat(delivery.getTotalCount()).isEqualTo(total);
		}
		finally {
			pacer.shutdownNow();
			byUser.values().forEach(StompTestClient::close);
		}
	}

	static String scrape(String baseUrl) {
		return SystemStack
			.http(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/actuator/prometheus")).build())
			.body();
	}

	/** The first sample of {@code name} (any labels), 0 when absent. */
	static double metric(String scrape, String name) {
		return scrape.lines()
			.filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(0);
	}

	static void print(String name, Histogram micros) {
		System.out.printf("  %-15s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (n=%d)%n", name,
				micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
				micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, micros.getTotalCount());
	}

}
