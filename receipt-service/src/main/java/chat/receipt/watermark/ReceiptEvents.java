package chat.receipt.watermark;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.receipt.ReceiptUpdated;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link ReceiptUpdated} events (key: conversationId) and waits until Kafka has
 * them all.
 */
@Component
class ReceiptEvents {

	private final KafkaTemplate<String, byte[]> kafka;

	private final String source;

	private final WatermarkProperties properties;

	ReceiptEvents(KafkaTemplate<String, byte[]> kafka, @Value("${spring.application.name}") String source,
			WatermarkProperties properties) {
		this.kafka = kafka;
		this.source = source;
		this.properties = properties;
	}

	/**
	 * Sends every event and returns once Kafka acknowledged all of them
	 * ({@code acks=all}).
	 * @throws IllegalStateException when they are not acknowledged within the publish
	 * timeout
	 */
	void publish(List<ReceiptUpdated> events) {
		if (events.isEmpty()) {
			return;
		}
		CompletableFuture<?>[] sends = events.stream()
			.map(event -> this.kafka.send(KafkaRecords.record(Topics.RECEIPTS, this.source, event)))
			.toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(sends).get(this.properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing receipt events", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Receipt events not acknowledged by Kafka; the batch will be retried", ex);
		}
	}

}
