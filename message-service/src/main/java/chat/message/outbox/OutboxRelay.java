package chat.message.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import chat.contracts.ChatJson;
import chat.contracts.ChatRecord;
import chat.contracts.KafkaRecords;
import chat.contracts.conversation.ConversationMembersChanged;
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

	OutboxRelay(Outbox outbox, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
			OutboxProperties properties, @Value("${spring.application.name}") String source,
			@Value("${chat.message.publish-timeout:10s}") Duration publishTimeout) {
		this.outbox = outbox;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
		this.source = source;
		this.publishTimeout = publishTimeout;
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
		for (Outbox.Entry entry : entries) {
			ChatRecord event = ChatJson.mapper().readValue(entry.payload(), TYPES.get(entry.type()));
			sends.add(this.kafka.send(KafkaRecords.record(entry.topic(), this.source, event)));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Outbox publish not acknowledged", ex);
		}
		this.outbox.delete(entries);
		return entries.size() == this.properties.batchSize();
	}

}
