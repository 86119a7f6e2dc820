package chat.benchmark;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetUnitTests {

	@Test
	void sessionsAlternateBetweenTheEdgeNodesSoEveryConversationHasMembersOnEach() {
		Target chat = Target.chat("127.0.0.1", List.of(48080, 48084), 48081, 49000);

		assertThat(IntStream.range(0, 5).mapToObj(chat::endpoint).toList()).containsExactly(
				URI.create("ws://127.0.0.1:48080/ws"), URI.create("ws://127.0.0.1:48084/ws"),
				URI.create("ws://127.0.0.1:48080/ws"), URI.create("ws://127.0.0.1:48084/ws"),
				URI.create("ws://127.0.0.1:48080/ws"));
	}

	@Test
	void aPeerHasOneEndpoint() {
		Target spring = Target.spring("127.0.0.1", 48180);

		assertThat(spring.endpoint(0)).isEqualTo(spring.endpoint(7)).isEqualTo(URI.create("ws://127.0.0.1:48180/ws"));
	}

}
