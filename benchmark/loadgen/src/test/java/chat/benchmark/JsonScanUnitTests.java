package chat.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonScanUnitTests {

	@Test
	void readsStringsAndNumbersOfCompactAndSpacedJson() {
		String ack = "{\"clientMessageId\":\"5b2e\",\"status\":\"REJECTED\",\"error\":{\"code\":\"RATE_LIMITED\"},\"seq\":42}";
		assertThat(JsonScan.string(ack, "clientMessageId")).isEqualTo("5b2e");
		assertThat(JsonScan.string(ack, "code")).isEqualTo("RATE_LIMITED");
		assertThat(JsonScan.number(ack, "seq", -1)).isEqualTo(42);
		assertThat(JsonScan.number("{\"seq\" : -3}", "seq", 0)).isEqualTo(-3);
	}

	@Test
	void absentEscapedOrNonStringValuesAreNull() {
		assertThat(JsonScan.string("{\"a\":1}", "b")).isNull();
		assertThat(JsonScan.string("{\"a\":1}", "a")).isNull();
		assertThat(JsonScan.string("{\"a\":\"x\\\"y\"}", "a")).isNull();
		assertThat(JsonScan.number("{\"a\":\"1\"}", "a", -7)).isEqualTo(-7);
	}

}
