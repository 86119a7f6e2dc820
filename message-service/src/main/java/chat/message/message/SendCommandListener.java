package chat.message.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.MalformedRecord;
import chat.contracts.Topics;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageEvent;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.SendMessage;
import chat.platform.kafka.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes send commands in batches: decides every outcome in one database transaction,
 * publishes the outcomes, waits until Kafka has acknowledged them, and only then lets the
 * container commit the offsets. A crash anywhere before that redelivers the batch, and
 * {@link SendProcessor} turns the redelivery into the same events again.
 */
@Component
class SendCommandListener {

	/** The codes a send can be rejected with; their counters are registered at zero. */
	private static final List<ErrorCode> REJECTION_CODES = List.of(ErrorCode.NOT_FOUND, ErrorCode.NOT_MEMBER,
			ErrorCode.INVALID, ErrorCode.TOO_LONG);

	private final SendProcessor processor;

	private final CrashAfterCommit crashHook;

	private final KafkaTemplate<String, byte[]> kafka;

	private final String source;

	private final Duration publishTimeout;

	private final Counter accepted;

	private final Counter duplicates;

	private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);

	private final DistributionSummary batchSizes;

	private final Timer batchDuration;

	SendCommandListener(SendProcessor processor, CrashAfterCommit crashHook, KafkaTemplate<String, byte[]> kafka,
			MeterRegistry meters, @Value("${spring.application.name}") String source,
			@Value("${chat.message.publish-timeout:10s}") Duration publishTimeout) {
		this.processor = processor;
		this.crashHook = crashHook;
		this.kafka = kafka;
		this.source = source;
		this.publishTimeout = publishTimeout;
		this.accepted = sends(meters, "accepted", "none");
		this.duplicates = sends(meters, "duplicate", "none");
		REJECTION_CODES.forEach(code -> this.rejected.put(code, sends(meters, "rejected", code.name())));
		this.batchSizes = DistributionSummary.builder("chat.message.batch.size")
			.description("Send commands per consumed batch")
			.register(meters);
		this.batchDuration = Timer.builder("chat.message.batch.duration")
			.description("Time to store and publish one batch of sends")
			.register(meters);
	}

	@KafkaListener(id = "send-commands", topics = Topics.MESSAGE_COMMANDS, batch = "true")
	void onCommands(List<ConsumerRecord<String, byte[]>> records) {
		Timer.Sample sample = Timer.start();
		List<SendMessage> commands = new ArrayList<>(records.size());
		MalformedRecord malformed = null;
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				commands.add(decode(record));
			}
			catch (MalformedRecord ex) {
				malformed = ex;
				break;
			}
		}
		// The valid prefix is stored and published first; the error handler then commits
		// it, sends the malformed record to the dead-letter topic and redelivers the
		// rest.
		if (!commands.isEmpty()) {
			decide(commands);
		}
		this.batchSizes.record(commands.size());
		sample.stop(this.batchDuration);
		if (malformed != null) {
			throw new BatchListenerFailedException(malformed.getMessage(), malformed, commands.size());
		}
	}

	/**
	 * Stores and publishes the commands in one transaction. When that fails for a reason
	 * that is not transient (the database refuses a value, say), the commands are decided
	 * one at a time to find the one that fails, so the error handler retries and
	 * eventually dead-letters that one alone and the valid commands around it are stored.
	 * A transient failure (database or broker away) fails the whole batch: the error
	 * handler retries it from its first command, without limit.
	 */
	private void decide(List<SendMessage> commands) {
		try {
			List<SendProcessor.Outcome> outcomes = this.processor.process(commands);
			this.crashHook.committed();
			publish(outcomes);
		}
		catch (RuntimeException ex) {
			if (commands.size() == 1 || Failures.isTransient(ex)) {
				throw ex;
			}
			for (int index = 0; index < commands.size(); index++) {
				try {
					publish(this.processor.process(List.of(commands.get(index))));
				}
				catch (RuntimeException single) {
					throw new BatchListenerFailedException("Send command failed", single, index);
				}
			}
		}
	}

	/**
	 * The command, or {@link MalformedRecord} when a field that {@link SendProcessor}
	 * relies on is missing: such a command can never be stored, so retrying it would
	 * block its partition forever.
	 */
	private static SendMessage decode(ConsumerRecord<String, byte[]> record) {
		SendMessage command = KafkaRecords.value(record, SendMessage.class);
		if (command.commandId() == null || command.conversationId() == null || command.senderId() == null
				|| command.clientMessageId() == null) {
			throw new MalformedRecord(record.topic(), record.partition(), record.offset(), new IllegalArgumentException(
					"commandId, conversationId, senderId and clientMessageId are required"));
		}
		return command;
	}

	private void publish(List<SendProcessor.Outcome> outcomes) {
		List<CompletableFuture<?>> sends = new ArrayList<>(outcomes.size());
		for (SendProcessor.Outcome outcome : outcomes) {
			MessageEvent event = outcome.event();
			String topic = (event instanceof MessageCreated) ? Topics.MESSAGES : Topics.MESSAGE_REJECTIONS;
			sends.add(this.kafka.send(KafkaRecords.record(topic, this.source, event)));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Send outcomes not acknowledged by Kafka; the batch will be redelivered",
					ex);
		}
		for (SendProcessor.Outcome outcome : outcomes) {
			if (outcome.duplicate()) {
				this.duplicates.increment();
			}
			else if (outcome.event() instanceof MessageRejected rejected) {
				this.rejected.get(rejected.code()).increment();
			}
			else {
				this.accepted.increment();
			}
		}
	}

	private static Counter sends(MeterRegistry meters, String outcome, String code) {
		return Counter.builder("chat.message.sends")
			.description("Send commands processed, by outcome and error code")
			.tag("outcome", outcome)
			.tag("code", code)
			.register(meters);
	}

}
