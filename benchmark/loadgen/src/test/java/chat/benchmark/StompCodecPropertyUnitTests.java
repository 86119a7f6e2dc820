package chat.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

class StompCodecPropertyUnitTests {

	@Test
	void anyHeaderValueAndBodySurviveEncodeThenDecode() {
		qt().withExamples(300)
			.forAll(strings().betweenCodePoints(1, 0xD7FF).ofLengthBetween(0, 40),
					strings().basicLatinAlphabet().ofLengthBetween(0, 200))
			.checkAssert((value, body) -> {
				StompFrame frame = StompFrame.of("MESSAGE", "destination", "/topic/a:b", "x-value", value)
					.withBody(body);
				List<StompFrame> decoded = StompCodec.decode(StompCodec.encode(frame));
				assertThat(decoded).hasSize(1);
				assertThat(decoded.get(0).headers()).containsEntry("x-value", value)
					.containsEntry("destination", "/topic/a:b");
				assertThat(decoded.get(0).body()).isEqualTo(body);
			});
	}

	@Test
	void severalFramesAndHeartBeatsInOneWebSocketMessage() {
		String text = "\n" + StompCodec.encode(StompFrame.of("RECEIPT", "receipt-id", "sub-1")) + "\r\n\n"
				+ StompCodec.encode(StompFrame.of("MESSAGE", "subscription", "acks").withBody("{\"a\":1}"));
		List<StompFrame> frames = StompCodec.decode(text);
		assertThat(frames).extracting(StompFrame::command).containsExactly("RECEIPT", "MESSAGE");
		assertThat(frames.get(1).body()).isEqualTo("{\"a\":1}");
		assertThat(StompCodec.decode("\n\n")).isEmpty();
	}

	@Test
	void connectedHeadersAreNotUnescapedAndCrLfLinesAreRead() {
		List<StompFrame> frames = StompCodec.decode("CONNECTED\r\nversion:1.2\r\nserver:RabbitMQ/3.10.8\\c\r\n\r\n\0");
		assertThat(frames.get(0).headers()).isEqualTo(Map.of("version", "1.2", "server", "RabbitMQ/3.10.8\\c"));
	}

	@Test
	void repeatedHeaderKeepsTheFirstValueAndACutFrameIsRefused() {
		assertThat(StompCodec.decode("MESSAGE\na:1\na:2\n\nbody\0").get(0).header("a")).isEqualTo("1");
		assertThatIllegalArgumentException().isThrownBy(() -> StompCodec.decode("MESSAGE\na:1\n\nno end"));
		assertThatIllegalArgumentException().isThrownBy(() -> StompCodec.unescape("bad \\t escape"));
	}

}
