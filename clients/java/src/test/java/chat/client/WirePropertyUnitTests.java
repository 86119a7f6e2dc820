package chat.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

/** The STOMP codec, backoff bounds (seed property 8) and the golden wire examples. */
class WirePropertyUnitTests {

	static final Path EXAMPLES = Path.of("../../contracts/src/main/resources/chat/contracts/examples");

	@Test
	void headerValuesSurviveEscaping() {
		// anything but NUL, which STOMP cannot carry in a header (refused, below)
		qt().forAll(strings().allPossible().ofLengthBetween(0, 40))
			.assuming(value -> value.indexOf('\0') < 0)
			.checkAssert(value -> {
				StompFrame frame = StompFrame.withBody("SEND", "{}", "destination", value, "x" + value, value);
				List<StompFrame> decoded = new StompCodec.Decoder().feed(StompCodec.encode(frame));
				assertThat(decoded).singleElement().satisfies(f -> {
					assertThat(f.header("destination")).isEqualTo(value);
					assertThat(f.header("x" + value)).isEqualTo(value);
					assertThat(f.body()).isEqualTo("{}");
				});
			});
	}

	@Test
	void aHeaderWithNulIsRefusedNotSentAsABrokenFrame() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StompCodec.encode(StompFrame.withBody("SEND", "{}", "destination", "a\0b")));
	}

	@Test
	void framesSplitAnywhereAndMixedWithHeartBeatsDecodeTheSame() {
		String stream = "\n" + StompCodec.encode(StompFrame.withBody("MESSAGE", "{\"a\":1}", "subscription", "s-1"))
				+ "\n\n" + StompCodec.encode(StompFrame.of("RECEIPT", "receipt-id", "r:1")) + "\r\n";
		qt().forAll(integers().between(0, stream.length()), integers().between(0, stream.length()))
			.checkAssert((a, b) -> {
				int first = Math.min(a, b);
				int second = Math.max(a, b);
				StompCodec.Decoder decoder = new StompCodec.Decoder();
				List<StompFrame> frames = new java.util.ArrayList<>();
				frames.addAll(decoder.feed(stream.substring(0, first)));
				frames.addAll(decoder.feed(stream.substring(first, second)));
				frames.addAll(decoder.feed(stream.substring(second)));
				assertThat(frames).extracting(StompFrame::command).containsExactly("MESSAGE", "RECEIPT");
				assertThat(frames.get(0).body()).isEqualTo("{\"a\":1}");
				assertThat(frames.get(1).header("receipt-id")).isEqualTo("r:1");
			});
	}

	@Test
	void connectFramesAreNotEscapedAndCarryTheBearerToken() {
		String text = StompCodec.encode(StompFrame.of("CONNECT", "Authorization", "Bearer a.b.c", "host", "h:1"));
		assertThat(text).startsWith("CONNECT\n").contains("host:h:1\n").endsWith("\n\n\0");
	}

	@Test
	void backoffStaysWithinItsBoundsAndDoublesUpToThirtySeconds() {
		qt().forAll(integers().between(1, 60), doubles().between(0, 0.999_999)).checkAssert((attempt, random) -> {
			long ceiling = Math.min(30_000, 1_000L << Math.min(attempt - 1, 20));
			long delay = Backoff.delayMillis(attempt, random);
			assertThat(delay).isBetween(Math.round(ceiling * 0.8), ceiling);
			assertThat(Backoff.ceilingMillis(attempt + 1)).isGreaterThanOrEqualTo(Backoff.ceilingMillis(attempt));
		});
		assertThat(List.of(1, 2, 3, 4, 5, 6, 7)).extracting(Backoff::ceilingMillis)
			.containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
	}

	@Test
	void theGoldenExamplesReadAsTheProtocolSays() throws IOException {
		Message created = Json
			.storedMessage(Json.parse(Files.readString(EXAMPLES.resolve("message-created-frame.json"))));
		assertThat(created.seq()).isEqualTo(42);
		assertThat(created.senderId()).isEqualTo("alice");
		assertThat(created.clientMessageId()).isEqualTo(UUID.fromString("5b2e7c90-1d3f-4a6b-8c9d-0e1f2a3b4c5d"));
		assertThat(created.text()).isEqualTo("Hello, Bob\nsee you at 10 <b>not bold</b>");

		var accepted = Json.parse(Files.readString(EXAMPLES.resolve("message-ack-accepted.json")));
		assertThat(Json.number(accepted, "seq", -1)).isEqualTo(42);
		assertThat(Json.instant(accepted, "createdAt")).isNotNull();

		var rejected = Json.parse(Files.readString(EXAMPLES.resolve("message-ack-rejected.json")));
		assertThat(Json.retryAfterMillis(rejected)).isEqualTo(-1);
		assertThat(Json.error(rejected.get("error")).code()).isEqualTo("TOO_LONG");

		var error = Json.parse(Files.readString(EXAMPLES.resolve("client-error.json")));
		assertThat(Json.text(error, "destination")).startsWith(Engine.TOPIC_PREFIX);

		var typing = Json.parse(Files.readString(EXAMPLES.resolve("typing-updated-frame.json")));
		assertThat(Json.strings(typing, "userIds")).containsExactly("alice", "bob");
	}

	@Test
	void retryAfterIsReadFromAnAcksErrorOrFromAnErrorBody() {
		// As the server adds it (HELPERS-COMMON, issue 7): inside an ack's error, or at
		// the top of an ERROR frame's body.
		assertThat(Json.retryAfterMillis(
				Json.parse("{\"status\":\"REJECTED\",\"error\":{\"code\":\"RATE_LIMITED\",\"retryAfterMs\":100}}")))
			.isEqualTo(100);
		assertThat(Json.retryAfterMillis(Json.parse("{\"code\":\"OVERLOADED\",\"retryAfterMs\":2000}")))
			.isEqualTo(2000);
	}

}
