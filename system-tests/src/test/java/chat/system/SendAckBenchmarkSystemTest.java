package chat.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import chat.client.ChatClient;
import chat.client.Conversation;
import chat.client.Message;
import chat.client.SendHandle;
import chat.client.SendResult;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded load run against the launched system on loopback, printing its figures: send
 * → ACCEPTED ack and send → {@code message.created} at the other member, as HdrHistogram
 * percentiles, and the achieved rate, with the Java SDK as the client (a session that
 * drops is reconnected and its sends resent, as in a real app; the figures then show it).
 * It asserts correctness only (every send acked, every message shown once to both
 * members, in seq order); the numbers are for reading, not for passing.
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
		try (SdkClients sdk = new SdkClients(this.stack)) {
			serial(sdk, 50);
			for (Stage stage : STAGES) {
				run(sdk, stage.ratePerSender(), stage.messagesPerSender());
			}
		}
	}

	/** A message as its receiver saw it, with {@link System#nanoTime()} of arrival. */
	record Shown(Message message, long atNanos) {
	}

	/**
	 * One sender, one message in flight at a time: the latency of the path itself,
	 * without queueing.
	 */
	void serial(SdkClients sdk, int messages) throws Exception {
		UUID conversation = UUID.fromString(this.rest.createConversation("bench-serial"));
		ChatClient client = sdk.client("bench-serial");
		Conversation chat = client.conversation(conversation, 0);
		client.connect();
		Histogram ack = new Histogram(3);
		for (int i = 0; i < messages; i++) {
			long sent = System.nanoTime();
			SendResult result = chat.send("serial " + i).result().get(30, TimeUnit.SECONDS);
			ack.recordValue((System.nanoTime() - sent) / 1000);
			assertThat(result.seq()).isEqualTo(i + 1);
		}
		System.out.printf("%nBENCHMARK serial send->ack, one message in flight (%d msgs)%n", messages);
		print("send->ack", ack);
	}

	void run(SdkClients sdk, int ratePerSender, int messagesPerSender) throws Exception {
		record Sender(String user, Conversation chat, List<Shown> peerShown) {
		}
		List<Sender> senders = new ArrayList<>();
		List<List<Shown>> everyMember = new ArrayList<>();
		for (int pair = 0; pair < PAIRS; pair++) {
			String a = "bench-a" + pair + "-" + ratePerSender;
			String b = "bench-b" + pair + "-" + ratePerSender;
			UUID conversation = UUID.fromString(this.rest.createConversation(a, b));
			Map<String, Conversation> chats = new HashMap<>();
			Map<String, List<Shown>> shown = new HashMap<>();
			for (String user : List.of(a, b)) {
				ChatClient client = sdk.client(user);
				Conversation chat = client.conversation(conversation, 0);
				List<Shown> seen = new CopyOnWriteArrayList<>();
				chat.onMessage(m -> seen.add(new Shown(m, System.nanoTime())));
				client.connect();
				chats.put(user, chat);
				shown.put(user, seen);
				everyMember.add(seen);
			}
			senders.add(new Sender(a, chats.get(a), shown.get(b)));
			senders.add(new Sender(b, chats.get(b), shown.get(a)));
		}
		Map<UUID, Long> sentAt = new ConcurrentHashMap<>();
		List<CompletableFuture<Long>> ackMicros = new CopyOnWriteArrayList<>();
		ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
		long started = System.nanoTime();
		try {
			for (Sender sender : senders) {
				int[] sent = { 0 };
				pacer.scheduleAtFixedRate(() -> {
					if (sent[0]++ < messagesPerSender) {
						long now = System.nanoTime();
						SendHandle handle = sender.chat().send("benchmark message " + sent[0]);
						sentAt.put(handle.clientMessageId(), now);
						ackMicros.add(handle.result().thenApply(ack -> (System.nanoTime() - now) / 1000));
					}
				}, 0, 1_000_000 / ratePerSender, TimeUnit.MICROSECONDS);
			}
			int total = senders.size() * messagesPerSender;
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> ackMicros.size() == total && ackMicros.stream().allMatch(CompletableFuture::isDone));
			double seconds = (System.nanoTime() - started) / 1e9;
			Histogram ack = new Histogram(3);
			ackMicros.forEach(micros -> {
				assertThat(micros).isCompleted();
				ack.recordValue(micros.join());
			});
			Histogram delivery = new Histogram(3);
			for (Sender sender : senders) {
				await().atMost(Duration.ofSeconds(30)).until(() -> sender.peerShown().size() == 2 * messagesPerSender);
				sender.peerShown()
					.stream()
					.filter(shown -> shown.message().senderId().equals(sender.user()))
					.forEach(shown -> delivery
						.recordValue((shown.atNanos() - sentAt.get(shown.message().clientMessageId())) / 1000));
			}
			for (List<Shown> member : everyMember) {
				assertThat(member).extracting(shown -> shown.message().seq())
					.containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * messagesPerSender).boxed().toList());
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
