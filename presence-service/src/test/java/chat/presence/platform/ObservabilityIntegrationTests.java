package chat.presence.platform;

import chat.contracts.Topics;
import chat.testsupport.Api;
import chat.testsupport.TopicReader;
import chat.presence.FakeEdgeNode;
import chat.presence.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Probes and the {@code chat.presence.*} metrics on {@code /actuator/prometheus}, without
 * a token.
 */
class ObservabilityIntegrationTests extends IntegrationTestSupport {

	@Test
	void probesAreOpenAndReadinessIncludesTheWarmUp() {
		assertThat(api().get("/livez", null).status()).isEqualTo(200);
		Api.Response readiness = api().get("/actuator/health/readiness", null);
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.body()).contains("UP");
	}

	@Test
	void presenceMetricsArePublished() {
		String gus = user("gus");
		try (TopicReader presence = read(Topics.PRESENCE); FakeEdgeNode edge = edgeNode().startHeartbeats()) {
			edge.open(gus);
			presence.awaitKey(gus, 1);

			String metrics = await().atMost(PATIENCE)
				.until(() -> api().get("/actuator/prometheus", null).body(),
						body -> body.contains("node=\"" + edge.nodeId() + "\""));

			assertThat(metrics).contains("chat_presence_users_online ", "chat_presence_sessions ",
					"chat_presence_transitions_total{online=\"true\"}",
					"chat_presence_transitions_total{online=\"false\"}", "chat_presence_typing_snapshots_total",
					"chat_presence_typing_shed_total",
					"chat_presence_node_heartbeat_age_seconds{node=\"" + edge.nodeId() + "\"}");
			assertThat(gauge(metrics, "chat_presence_users_online")).isGreaterThanOrEqualTo(1);
			assertThat(gauge(metrics, "chat_presence_sessions")).isGreaterThanOrEqualTo(1);
		}
	}

	private static double gauge(String metrics, String name) {
		return metrics.lines()
			.filter(line -> line.startsWith(name + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
			.findFirst()
			.orElseThrow();
	}

}
