package chat.receipt.platform;

import chat.testsupport.Api;
import chat.receipt.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receipt meters are on the Prometheus endpoint from the start, at zero or above. */
class MetricsIntegrationTests extends IntegrationTestSupport {

	@Test
	void everyReceiptSeriesExistsFromTheStart() {
		Api.Response response = api().get("/actuator/prometheus", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).contains("# TYPE chat_receipt_commands_total counter")
			.contains("chat_receipt_commands_ignored_total{reason=\"not_member\"}")
			.contains("chat_receipt_writes_total{cause=\"command\"}")
			.contains("chat_receipt_writes_total{cause=\"message\"}")
			.contains("chat_receipt_publish_lag_seconds_bucket")
			.contains("chat_receipt_publish_lag_seconds_count");
	}

}
