package chat.connection.platform;

import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.client.MessageAck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The edge's metrics are scraped from {@code /actuator/prometheus} without a token. */
class MetricsIntegrationTests extends EdgeIntegrationSupport {

	@Test
	void prometheusShowsSessionsSendsByOutcomeAndAckLatencyHistogram() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);
		String before = scrape();
		UUID clientMessageId = UUID.randomUUID();

		client.sendMessage(conversationId, clientMessageId.toString(), "hello");
		publish(storedAs(awaitCommand(conversationId, clientMessageId), 1));
		await("ACCEPTED ack").atMost(KAFKA_TIMEOUT).until(() -> client.acks().size() == 1);
		assertThat(client.acks().get(0).status()).isEqualTo(MessageAck.Status.ACCEPTED);

		String after = scrape();
		assertThat(metric(after, "chat_edge_sessions", "")).isGreaterThanOrEqualTo(1);
		assertThat(metric(after, "chat_edge_sends_total", "code=\"none\",outcome=\"published\""))
			.isGreaterThanOrEqualTo(metric(before, "chat_edge_sends_total", "code=\"none\",outcome=\"published\"") + 1);
		// every rejection code is registered at zero, so dashboards see it before it
		// happens
		assertThat(after).contains("chat_edge_sends_total{code=\"TOO_LONG\",outcome=\"rejected\"",
				"chat_edge_sends_total{code=\"RATE_LIMITED\",outcome=\"rejected\"");
		assertThat(after).contains("chat_edge_send_ack_latency_seconds_bucket{le=\"");
		assertThat(metric(after, "chat_edge_send_ack_latency_seconds_count", ""))
			.isGreaterThanOrEqualTo(metric(before, "chat_edge_send_ack_latency_seconds_count", "") + 1);
		assertThat(metric(after, "chat_edge_send_ack_latency_seconds_bucket", "le=\"+Inf\""))
			.isEqualTo(metric(after, "chat_edge_send_ack_latency_seconds_count", ""));
	}

	@Test
	void otherHttpPathsNeedAToken() {
		assertThat(get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(get("/actuator/env").status()).isEqualTo(401);
		assertThat(get("/api/anything").status()).isEqualTo(401);
	}

}
