package chat.contracts;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

class UuidsUnitTests {

	@Test
	void everyCanonicalUuidParsesBackInEitherCase() {
		qt().forAll(longs().all(), longs().all()).checkAssert((high, low) -> {
			UUID uuid = new UUID(high, low);
			assertThat(Uuids.parseOrNull(uuid.toString())).isEqualTo(uuid);
			assertThat(Uuids.parseOrNull(uuid.toString().toUpperCase())).isEqualTo(uuid);
		});
	}

	@Test
	void textThatIsNotACanonicalUuidIsNull() {
		assertThat(Uuids.parseOrNull(null)).isNull();
		assertThat(Uuids.parseOrNull("")).isNull();
		assertThat(Uuids.parseOrNull("1-1-1-1-1")).as("the JDK takes it; the wire does not").isNull();
		assertThat(Uuids.parseOrNull("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")).isNull();
		assertThat(Uuids.parseOrNull(UUID.randomUUID() + " ")).isNull();
		qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 60))
			.assuming(text -> text.length() != 36)
			.checkAssert(text -> assertThat(Uuids.parseOrNull(text)).isNull());
	}

}
