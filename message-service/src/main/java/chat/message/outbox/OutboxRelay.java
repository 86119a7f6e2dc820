package chat.message.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import chat.contracts.ChatJson;
import chat.contracts.ChatRecord;
import chat.contracts.KafkaRecords;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.platform.kafka.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox entries in id order and deletes them once Kafka acknowledged them. One
 * relay publishes at a time across all instances (a PostgreSQL advisory lock); a crash
 * between publish and delete re-publishes the same events, which their readers ignore by
 * version. An entry whose transaction commits after a run has read goes out in a later
 * run, possibly after larger ids; changes of one conversation are serialised by its row
 * lock, so they still go out in version order.
 *
 * <p>
 * An entry that can never be published (its payload does not parse, or Kafka refuses the
 * record for good) is moved to {@code outbox_dead_letters} and counted
 * ({@code chat.message.outbox.dead.letters}) instead of blocking every entry behind it;
 * readers lose nothing lasting, since each membership event carries the full member set
 * and the next change of that conversation supersedes it.
 */
@Component
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Map<String, Class<? extends ChatRecord>> TYPES = Map.of(ConversationMembersChanged.TYPE,
			ConversationMembersChanged.class);

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, byte[]> kafka;

	private final OutboxProperties properties;

	private final String source;

	private final Duration publishTimeout;

	private final Counter deadLetters;

	OutboxRelay(Outbox outbox, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
			OutboxProperties properties, @Value("${spring.application.name}") String source,
			@Value("${chat.message.publish-timeout:10s}") Duration publishTimeout, MeterRegistry meters) {
		this.outbox = outbox;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
		this.source = source;
		this.publishTimeout = publishTimeout;
		this.deadLetters = Counter.builder("chat.message.outbox.dead.letters")
			.description("Outbox entries that could not be published and were moved to outbox_dead_letters "
					+ "(alert on any increase)")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${chat.message.outbox.poll-interval:200ms}")
	void relay() {
		try {
			while (Boolean.TRUE.equals(this.transactions.execute(status -> publishBatch()))) {
				// a full batch: there may be more
			}
		}
		catch (RuntimeException ex) {
			log.warn("Outbox relay failed; retrying at the next poll", ex);
		}
	}

	/**
	 * @return whether a full batch was published
	 */
	private boolean publishBatch() {
		if (!this.outbox.lockForRelay()) {
			return false;
		}
		List<Outbox.Entry> entries = this.outbox.oldest(this.properties.batchSize());
		if (entries.isEmpty()) {
			return false;
		}
		List<CompletableFuture<?>> sends = new ArrayList<>();
		List<Outbox.Entry> published = new ArrayList<>();
		for (Outbox.Entry entry : entries) {
			ChatRecord event;
			try {
				event = decode(entry);
			}
			catch (RuntimeException ex) {
				deadLetter(entry, ex);
				continue;
			}
			try {
				sends.add(this.kafka.send(KafkaRecords.record(entry.topic(), this.source, event)));
			}
			catch (RuntimeException ex) {
				if (Failures.isTransient(ex)) {
					throw ex;
				}
				deadLetter(entry, ex);
				continue;
			}
			published.add(entry);
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			// A send Kafka refuses for good is dead-lettered; a timeout or a broker that
			// is
			// away fails the run (rolled back), which the next poll repeats.
			List<Outbox.Entry> acknowledged = new ArrayList<>();
			for (int i = 0; i < sends.size(); i++) {
				if (!sends.get(i).isDone()) {
					throw new IllegalStateException("Outbox publish not acknowledged", ex);
				}
				Throwable failure = failure(sends.get(i));
				if (failure == null) {
					acknowledged.add(published.get(i));
				}
				else if (Failures.isTransient(failure)) {
					throw new IllegalStateException("Outbox publish not acknowledged", failure);
				}
				else {
					deadLetter(published.get(i), failure);
				}
			}
			published = acknowledged;
		}
		if (!published.isEmpty()) {
			this.outbox.delete(published);
		}
		return entries.size() == this.properties.batchSize();
	}

	private static ChatRecord decode(Outbox.Entry entry) {
		Class<? extends ChatRecord> type = TYPES.get(entry.type());
		if (type == null) {
			throw new IllegalArgumentException("unknown outbox event type");
		}
		return ChatJson.mapper().readValue(entry.payload(), type);
	}

	/** The failure of a completed send, or null. */
	private static Throwable failure(CompletableFuture<?> send) {
		if (!send.isCompletedExceptionally()) {
			return null;
		}
		try {
			send.join();
			return null;
		}
		catch (CompletionException | CancellationException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
	}

	private void deadLetter(Outbox.Entry entry, Throwable failure) {
		this.outbox.deadLetter(entry, failure);
		this.deadLetters.increment();
		log.error("Outbox entry {} ({}) cannot be published ({}); moved to outbox_dead_letters", entry.id(),
				entry.type(), failure.getClass().getName());
	}

}
