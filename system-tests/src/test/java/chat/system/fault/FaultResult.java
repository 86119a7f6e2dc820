package chat.system.fault;

import java.util.List;

/**
 * What one fault did to the messages of its load. Counts are of distinct sends
 * ({@code clientMessageId}s); times are in seconds or milliseconds as named.
 *
 * @param recoverySeconds per restart or heal: seconds from the faulty part being back
 * until send→ack p99 stayed under the threshold for 5 s ({@code null}: not within the
 * run)
 */
public record FaultResult(String id, String fault, int clients, int conversations, double offeredPerSecond, int sends,
		int acked, int ackedNotStored, int ackedNotDelivered, int duplicatesStored, int duplicatesShown, int seqGaps,
		int neverAcked, int conflictingAcks, int finalRejections, int appRetries, int reconnects,
		List<Double> recoverySeconds, double baselineP99Ms, double maxAckMs, double deliveryP99Ms, double maxDeliveryMs,
		double faultSeconds, String timeline, List<String> notDeliveredExamples, String error) {

	/** The correctness columns: what the suite asserts to be zero. */
	boolean correct() {
		return this.error == null && this.ackedNotStored == 0 && this.ackedNotDelivered == 0
				&& this.duplicatesStored == 0 && this.duplicatesShown == 0 && this.seqGaps == 0
				&& this.conflictingAcks == 0;
	}

	static String header() {
		return "| fault | sends acked | acked, not stored | acked, not delivered to every member | duplicates stored "
				+ "| duplicates shown | seq gaps | never acked | recovery after back (p99 < 500 ms) | baseline p99 "
				+ "| max send→ack | max send→delivery | reconnects |\n"
				+ "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n";
	}

	String row() {
		if (this.error != null) {
			return String.format("| %s | could not run: %s | | | | | | | | | | | |%n", this.fault,
					this.error.replace('|', '/').replace('\n', ' '));
		}
		return String.format(
				"| %s | %,d of %,d | %d | %d | %d | %d | %d | %d | %s | %.0f ms | %.1f s | %.1f s | %d |%n", this.fault,
				this.acked, this.sends, this.ackedNotStored, this.ackedNotDelivered, this.duplicatesStored,
				this.duplicatesShown, this.seqGaps, this.neverAcked, recoveryText(), this.baselineP99Ms,
				this.maxAckMs / 1000, this.maxDeliveryMs / 1000, this.reconnects);
	}

	String recoveryText() {
		if (this.recoverySeconds.isEmpty()) {
			return "—";
		}
		return String.join(" / ",
				this.recoverySeconds.stream()
					.map(s -> s == null ? "not within the run" : String.format("%.1f s", s))
					.toList());
	}

}
