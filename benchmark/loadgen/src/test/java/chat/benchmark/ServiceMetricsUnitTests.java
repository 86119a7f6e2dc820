package chat.benchmark;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceMetricsUnitTests {

	@Test
	void countersBecomeTheirChangeAndGaugesTheirLastValue() {
		Map<String, Double> before = ServiceMetrics.parse("""
				# HELP chat_edge_sends_total Message sends
				chat_edge_sends_total{code="none",outcome="published"} 100.0
				chat_message_batch_duration_seconds_max 0.5
				jvm_memory_used_bytes{area="heap"} 1.0E8
				""");
		Map<String, Double> after = ServiceMetrics.parse("""
				chat_edge_sends_total{code="none",outcome="published"} 4100.0
				chat_message_batch_duration_seconds_max 0.25
				kafka_consumer_fetch_manager_records_lag_max{client_id="c"} 12.0
				""");
		assertThat(before).doesNotContainKey("jvm_memory_used_bytes{area=\"heap\"}");
		Map<String, Map<String, Double>> change = ServiceMetrics.change(Map.of("edge", before), Map.of("edge", after));
		assertThat(change.get("edge"))
			.containsEntry("chat_edge_sends_total{code=\"none\",outcome=\"published\"}", 4000.0)
			.containsEntry("chat_message_batch_duration_seconds_max", 0.25)
			.containsEntry("kafka_consumer_fetch_manager_records_lag_max{client_id=\"c\"}", 12.0);
	}

}
