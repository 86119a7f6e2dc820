package chat.contracts.message;

import java.text.Normalizer;

import chat.contracts.ErrorCode;

/**
 * The one rule for message text, applied by the edge before a send reaches Kafka and
 * again by the message service: NFC-normalised, 1–1000 code points, not blank, and no
 * control characters except {@code \n} and {@code \t}. The normalised form is what gets
 * stored; it is never HTML-escaped.
 */
public final class MessageText {

	public static final int MAX_CODE_POINTS = 1000;

	private MessageText() {
	}

	/** Checks {@code raw} and returns the text to store, or why it is refused. */
	public static Checked check(String raw) {
		if (raw == null) {
			return new Refused(ErrorCode.INVALID, "text is required");
		}
		String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
		int codePoints = 0;
		boolean blank = true;
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			if (Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1) {
				return new Refused(ErrorCode.INVALID, "text contains an unpaired surrogate");
			}
			if (cp != '\n' && cp != '\t' && Character.getType(cp) == Character.CONTROL) {
				return new Refused(ErrorCode.INVALID, "text contains a control character");
			}
			blank &= Character.isWhitespace(cp) || Character.isSpaceChar(cp);
			codePoints++;
			i += Character.charCount(cp);
		}
		if (codePoints == 0 || blank) {
			return new Refused(ErrorCode.INVALID, "text is empty");
		}
		if (codePoints > MAX_CODE_POINTS) {
			return new Refused(ErrorCode.TOO_LONG, "text is longer than " + MAX_CODE_POINTS + " code points");
		}
		return new Accepted(text);
	}

	/** The outcome of {@link #check(String)}. */
	public sealed interface Checked permits Accepted, Refused {

	}

	/**
	 * @param text the NFC form to store
	 */
	public record Accepted(String text) implements Checked {

	}

	public record Refused(ErrorCode code, String reason) implements Checked {

	}

}
