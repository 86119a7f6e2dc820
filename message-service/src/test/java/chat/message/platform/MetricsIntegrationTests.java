package chat.message.platform;

import java.time.Duration;
import java.util.UUID;

import chat.contracts.Topics;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Send outcomes and batch sizes on the Prometheus endpoint, which needs no token. */
class MetricsIntegrationTests extends IntegrationTestSupport {

	private static final String ACCEPTED = "chat_message_sends_total{code=\"none\",outcome=\"accepted\"}";

	private static final String DUPLICATE = "chat_message_sends_total{code=\"none\",outcome=\"duplicate\"}";

	private static final String NOT_MEMBER = "chat_message_sends_total{code=\"NOT_MEMBER\",outcome=\"rejected\"}";

	private static final String BATCHES = "chat_message_batch_size_count";

	@Test
	void sendOutcomesAndBatchSizesAreCounted() {
		String alice = user("alice");
		UUID conversation = createConversation(alice);
		UUID clientMessageId = UUID.randomUUID();
		String before = prometheus();

		try (TopicReader messages = read(Topics.MESSAGES); TopicReader rejections = read(Topics.MESSAGE_REJECTIONS)) {
			produce(command(conversation, alice, clientMessageId, "counted"));
			messages.awaitKey(conversation, 1);
			produce(command(conversation, alice, clientMessageId, "counted"));
			messages.awaitKey(conversation, 2);
			String mallory = user("mallory");
			produce(command(conversation, mallory, UUID.randomUUID(), "not counted as accepted"));
			rejections.awaitKey(mallory, 1);
		}

		// the listener counts after the events are out; give it the moment between
		// publish and count
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String after = prometheus();
			assertThat(value(after, ACCEPTED)).isGreaterThanOrEqualTo(value(before, ACCEPTED) + 1);
			assertThat(value(after, DUPLICATE)).isGreaterThanOrEqualTo(value(before, DUPLICATE) + 1);
			assertThat(value(after, NOT_MEMBER)).isGreaterThanOrEqualTo(value(before, NOT_MEMBER) + 1);
			assertThat(value(after, BATCHES)).isGreaterThanOrEqualTo(value(before, BATCHES) + 3);
		});
	}

	@Test
	void everyOutcomeSeriesExistsFromTheStart() {
		String metrics = prometheus();

		assertThat(metrics).contains("# TYPE chat_message_sends_total counter")
			.contains(ACCEPTED)
			.contains(DUPLICATE)
			.contains("# TYPE chat_message_batch_size summary")
			.contains("chat_message_batch_size_sum")
			.contains("chat_message_batch_size_max");
		for (String code : new String[] { "NOT_FOUND", "NOT_MEMBER", "INVALID", "TOO_LONG" }) {
			assertThat(metrics).contains("chat_message_sends_total{code=\"" + code + "\",outcome=\"rejected\"}");
		}
	}

	@Test
	void consumerLagAndBatchDurationAreExposed() {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(prometheus()).contains("kafka_consumer_fetch_manager_records_lag_max")
				.contains("chat_message_batch_duration_seconds_bucket"));
	}

	private String prometheus() {
		Api.Response response = api().get("/actuator/prometheus", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/plain");
		return response.body();
	}

	/** The sample's value, 0 when the series is absent. */
	private static double value(String metrics, String series) {
		return metrics.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

}
