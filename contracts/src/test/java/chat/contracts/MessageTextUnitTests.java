package chat.contracts;

import chat.contracts.message.MessageText;
import chat.contracts.message.MessageText.Accepted;
import chat.contracts.message.MessageText.Refused;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

class MessageTextUnitTests {

	@Test
	void textIsStoredInNfcForm() {
		String decomposed = "Cafe\u0301";

		assertThat(MessageText.check(decomposed)).isEqualTo(new Accepted("Caf\u00e9"));
	}

	@Test
	void lengthIsCountedInCodePointsAfterNormalisation() {
		String emoji = "\uD83D\uDE00"; // two chars, one code point
		String decomposedE = "e\u0301"; // two code points, one after NFC

		assertThat(MessageText.check(emoji.repeat(1000))).isInstanceOf(Accepted.class);
		assertThat(MessageText.check(decomposedE.repeat(1000))).isInstanceOf(Accepted.class);
		assertThat(MessageText.check("x".repeat(1001)))
			.isEqualTo(new Refused(ErrorCode.TOO_LONG, "text is longer than 1000 code points"));
	}

	@Test
	void newlineAndTabAreAllowedButOtherControlCharactersAreNot() {
		assertThat(MessageText.check("a\nb\tc")).isEqualTo(new Accepted("a\nb\tc"));
		assertThat(MessageText.check("a\u0000b")).extracting(c -> ((Refused) c).code()).isEqualTo(ErrorCode.INVALID);
		assertThat(MessageText.check("a\rb")).extracting(c -> ((Refused) c).code()).isEqualTo(ErrorCode.INVALID);
		assertThat(MessageText.check("a\u007fb")).extracting(c -> ((Refused) c).code()).isEqualTo(ErrorCode.INVALID);
	}

	@Test
	void emptyBlankMissingAndBrokenTextAreInvalid() {
		for (String bad : new String[] { null, "", " \n\t ", "\uD800x" }) {
			assertThat(MessageText.check(bad)).as("%s", bad)
				.extracting(c -> ((Refused) c).code())
				.isEqualTo(ErrorCode.INVALID);
		}
	}

	@Test
	void markupIsKeptVerbatim() {
		assertThat(MessageText.check("<script>alert(1)</script>")).isEqualTo(new Accepted("<script>alert(1)</script>"));
	}

	@Test
	void anyPrintableTextUpToTheLimitIsAcceptedUnchangedAndLongerTextIsTooLong() {
		qt().forAll(strings().betweenCodePoints('!', '~').ofLengthBetween(1, 1200)).checkAssert(text -> {
			if (text.length() <= MessageText.MAX_CODE_POINTS) {
				assertThat(MessageText.check(text)).isEqualTo(new Accepted(text));
			}
			else {
				assertThat(MessageText.check(text)).isInstanceOf(Refused.class)
					.extracting(c -> ((Refused) c).code())
					.isEqualTo(ErrorCode.TOO_LONG);
			}
		});
	}

	@Test
	void aControlCharacterAnywhereIsRefused() {
		qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 50), integers().between(0, 0x1f))
			.assuming((text, control) -> control != '\n' && control != '\t')
			.checkAssert((text, control) -> {
				String withControl = text.substring(0, text.length() / 2) + (char) control.intValue()
						+ text.substring(text.length() / 2);
				assertThat(MessageText.check(withControl)).extracting(c -> ((Refused) c).code())
					.isEqualTo(ErrorCode.INVALID);
			});
	}

}
