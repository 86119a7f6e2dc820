package chat.platform.kafka;

import java.util.Map;

import chat.contracts.MalformedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;

/**
 * The platform's one error handler (see {@link KafkaPlatformAutoConfiguration}).
 *
 * <p>
 * Batch listeners: a failure that names no record (no
 * {@link BatchListenerFailedException}) is blamed on the batch's first record, so it is
 * retried like a record — back-off, then the batch is polled again from there — and never
 * by Spring's fallback that retries the whole batch in memory and, when that ends,
 * dead-letters <em>every</em> record of it, including valid ones that a malformed record
 * later in the same poll made fail again.
 *
 * <p>
 * Counts failed deliveries ({@code chat.kafka.listener.failures{kind}}) and dead letters
 * ({@code chat.kafka.dead.letters{reason}}), and logs every dead letter with its topic,
 * partition and offset.
 */
final class ChatErrorHandler extends DefaultErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(ChatErrorHandler.class);

	ChatErrorHandler(ConsumerRecordRecoverer deadLetters, BackOff bounded, BackOff unlimited, MeterRegistry meters) {
		super(counted(deadLetters, meters), bounded);
		addNotRetryableExceptions(MalformedRecord.class);
		// A transient failure never uses up attempts; a record whose failure changes kind
		// starts over.
		setBackOffFunction((record, ex) -> Failures.isTransient(ex) ? unlimited : null);
		setResetStateOnExceptionChange(true);
		Map<String, Counter> failures = Map.of("transient", failures(meters, "transient"), "deterministic",
				failures(meters, "deterministic"), "malformed", failures(meters, "malformed"));
		setRetryListeners(new RetryListener() {
			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
				failures.get(kind(ex)).increment();
			}

			@Override
			public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
				failures.get(kind(ex)).increment();
			}
		});
	}

	@Override
	public void handleBatch(Exception thrownException, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
			MessageListenerContainer container, Runnable invokeListener) {
		super.handleBatch(blameFirstRecord(thrownException, data), data, consumer, container, invokeListener);
	}

	@Override
	public <K, V> ConsumerRecords<K, V> handleBatchAndReturnRemaining(Exception thrownException,
			ConsumerRecords<?, ?> data, Consumer<?, ?> consumer, MessageListenerContainer container,
			Runnable invokeListener) {
		return super.handleBatchAndReturnRemaining(blameFirstRecord(thrownException, data), data, consumer, container,
				invokeListener);
	}

	private static Exception blameFirstRecord(Exception thrown, ConsumerRecords<?, ?> data) {
		if (data == null || data.isEmpty()) {
			return thrown;
		}
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			if (cause instanceof BatchListenerFailedException) {
				return thrown;
			}
		}
		return new BatchListenerFailedException("Batch failed before any record was done", thrown, 0);
	}

	static String kind(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MalformedRecord) {
				return "malformed";
			}
		}
		return Failures.isTransient(ex) ? "transient" : "deterministic";
	}

	private static ConsumerRecordRecoverer counted(ConsumerRecordRecoverer deadLetters, MeterRegistry meters) {
		Counter malformed = deadLetters(meters, "malformed");
		Counter exhausted = deadLetters(meters, "retries_exhausted");
		return (record, ex) -> {
			deadLetters.accept(record, ex);
			boolean isMalformed = kind(ex).equals("malformed");
			(isMalformed ? malformed : exhausted).increment();
			// the root cause's type only: messages of database errors can quote values
			log.error("Dead-lettered {}-{}@{} ({}, {})", record.topic(), record.partition(), record.offset(),
					isMalformed ? "malformed" : "retries exhausted", rootType(ex));
		};
	}

	private static String rootType(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getName();
	}

	private static Counter deadLetters(MeterRegistry meters, String reason) {
		return Counter.builder("chat.kafka.dead.letters")
			.description("Records sent to a dead-letter topic, by reason: malformed, or retries exhausted "
					+ "on a failure that is not transient (alert on any increase)")
			.tag("reason", reason)
			.register(meters);
	}

	private static Counter failures(MeterRegistry meters, String kind) {
		return Counter.builder("chat.kafka.listener.failures")
			.description("Failed listener deliveries, by kind: transient (a dependency away; retried without "
					+ "limit), deterministic (retried max-attempts times), malformed")
			.tag("kind", kind)
			.register(meters);
	}

}
