package chat.receipt.watermark;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The receipt meters, registered at zero. The coalescing ratio is
 * {@code chat.receipt.commands / chat.receipt.writes{cause="command"}}.
 */
@Component
class ReceiptMetrics {

	private final Counter commands;

	private final Counter ignoredNotMember;

	private final Counter commandWrites;

	private final Counter messageWrites;

	private final Timer publishLag;

	ReceiptMetrics(MeterRegistry meters) {
		this.commands = Counter.builder("chat.receipt.commands")
			.description("Receipt commands consumed: applied, coalesced, without effect or ignored")
			.register(meters);
		this.ignoredNotMember = Counter.builder("chat.receipt.commands.ignored")
			.description("Receipt commands ignored, by reason")
			.tag("reason", "not_member")
			.register(meters);
		this.commandWrites = writes(meters, "command");
		this.messageWrites = writes(meters, "message");
		this.publishLag = Timer.builder("chat.receipt.publish.lag")
			.description("From a receipt command's occurredAt until Kafka acknowledged the change it caused")
			.register(meters);
	}

	void consumed(int commands, int ignoredNotMember) {
		this.commands.increment(commands);
		this.ignoredNotMember.increment(ignoredNotMember);
	}

	void commandWrites(int rows) {
		this.commandWrites.increment(rows);
	}

	void messageWrites(int rows) {
		this.messageWrites.increment(rows);
	}

	/** Negative lags (clock skew between edge and this service) are not recorded. */
	void published(Duration lag) {
		if (!lag.isNegative()) {
			this.publishLag.record(lag);
		}
	}

	private static Counter writes(MeterRegistry meters, String cause) {
		return Counter.builder("chat.receipt.writes")
			.description("Watermark rows written (only rows that changed), by what caused them")
			.tag("cause", cause)
			.register(meters);
	}

}
