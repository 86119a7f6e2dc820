package chat.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import chat.contracts.ChatJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Helm chart's Grafana dashboards and Prometheus alert rules query is
 * exposed by a running service's {@code /actuator/prometheus}: a renamed meter breaks
 * this test, not a dashboard in production.
 */
@ExtendWith(SystemStack.class)
class MetricsSystemTest {

	/** A metric selector in PromQL: a name directly followed by its label matchers. */
	private static final Pattern SELECTOR = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\{");

	/** A sample line of the Prometheus text format: the name, then labels or a space. */
	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

	/** Series Prometheus itself adds (not on any endpoint). */
	private static final Set<String> SYNTHETIC = Set.of("up");

	final SystemStack stack = SystemStack.get();

	@Test
	void everyMetricOfTheDashboardsAndAlertsIsExposed() throws Exception {
		Set<String> used = usedMetrics();
		assertThat(used).contains("chat_edge_send_ack_latency_seconds_bucket",
				"kafka_consumer_fetch_manager_records_lag_max", "jvm_memory_used_bytes");
		exerciseOneSend();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Set<String> exposed = exposedMetrics();
			assertThat(used).allSatisfy((name) -> assertThat(exposed).as("exposed by a service").contains(name));
		});
	}

	/**
	 * Names queried by deploy/helm/chat/dashboards/*.json and the PrometheusRule
	 * template.
	 */
	private Set<String> usedMetrics() throws IOException {
		Path chart = Path.of(System.getProperty("chat.project.root", "..")).resolve("deploy/helm/chat");
		StringBuilder text = new StringBuilder(Files.readString(chart.resolve("templates/prometheusrule.yaml")));
		try (Stream<Path> dashboards = Files.list(chart.resolve("dashboards"))) {
			for (Path dashboard : dashboards.toList()) {
				ChatJson.mapper()
					.readTree(Files.readString(dashboard))
					.findValues("expr")
					.forEach((expr) -> text.append('\n').append(expr.asString()));
			}
		}
		Set<String> names = new TreeSet<>();
		Matcher matcher = SELECTOR.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		names.removeAll(SYNTHETIC);
		return names;
	}

	private Set<String> exposedMetrics() {
		Set<String> names = new TreeSet<>();
		for (String base : List.of("http://127.0.0.1:" + SystemStack.EDGE_PORT, this.stack.messageServiceUrl(),
				this.stack.presenceServiceUrl(), this.stack.receiptServiceUrl())) {
			HttpResponse<String> response = SystemStack
				.http(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build());
			assertThat(response.statusCode()).as(base).isEqualTo(200);
			Matcher matcher = SAMPLE.matcher(response.body());
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/** One send, acked, so that the meters created on first use exist. */
	private void exerciseOneSend() throws Exception {
		HttpResponse<String> created = SystemStack
			.http(HttpRequest.newBuilder(URI.create(this.stack.messageServiceUrl() + "/api/conversations"))
				.header("Authorization", "Bearer " + this.stack.token("metrics-alice"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString(ChatJson.mapper().writeValueAsString(Map.of("memberIds", List.of("metrics-bob")))))
				.build());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String conversation = ChatJson.mapper().readTree(created.body()).get("id").asString();
		try (StompTestClient alice = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("metrics-alice"))) {
			alice.subscribe("/user/queue/acks").subscribe("/topic/conversations/" + conversation);
			alice.send("/app/conversations/" + conversation + "/messages",
					Map.of("clientMessageId", UUID.randomUUID().toString(), "text", "metrics"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> alice.bodies("/user/queue/acks"), (acks) -> !acks.isEmpty());
		}
	}

}
