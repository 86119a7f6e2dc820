package chat.benchmark;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessageIdsUnitTests {

	private final MessageIds ids = new MessageIds(0x1234_5678_9abc_def0L, 0xbeef);

	@Test
	void anIdIsAUuidThatCarriesItsIndex() {
		for (long index : new long[] { 0, 1, 41, 1_000_000, (1L << 48) - 1 }) {
			String id = this.ids.id(index);
			assertThat(UUID.fromString(id).toString()).isEqualTo(id);
			assertThat(this.ids.index(id)).isEqualTo(index);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.ids.id(1L << 48));
	}

	@Test
	void idsOfAnotherRunOrNoIdAreNotOurs() {
		MessageIds other = new MessageIds(0x1234_5678_9abc_def0L, 0xbeee);
		assertThat(this.ids.index(other.id(7))).isEqualTo(-1);
		assertThat(this.ids.index(UUID.randomUUID().toString())).isEqualTo(-1);
		assertThat(this.ids.index(null)).isEqualTo(-1);
		assertThat(this.ids.index("short")).isEqualTo(-1);
	}

}
