package chat.connection.sending;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import chat.connection.delivery.Acks;
import chat.connection.platform.EdgeProperties;
import chat.connection.platform.RateLimiter;
import chat.contracts.ErrorCode;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.Uuids;
import chat.contracts.client.MessageAck;
import chat.contracts.client.SendMessageFrame;
import chat.contracts.message.MessageText;
import chat.contracts.message.SendMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversations/{cid}/messages}: validates the frame and publishes a
 * {@link SendMessage} command. Each user may send {@code chat.edge.send-burst} at once
 * and {@code chat.edge.send-rate-per-second} after that, over all their sessions on this
 * node; beyond it the send gets {@code RATE_LIMITED} with {@code retryAfterMs}. (A send
 * shed as {@code OVERLOADED} never gets here: the inbound guard,
 * {@code session.StompInboundGuard}, answers it as it arrives.) An invalid send gets a
 * REJECTED ack at once and never reaches Kafka; a valid one is acked by the message
 * service's outcome, delivered by {@link chat.connection.delivery.FanOutListener}.
 */
@Controller
class SendController {

	private static final Logger log = LoggerFactory.getLogger(SendController.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final Acks acks;

	private final RateLimiter rateLimiter;

	private final Counter published;

	private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);

	private final String source;

	private final Clock clock;

	SendController(KafkaTemplate<String, byte[]> kafka, Acks acks, EdgeProperties properties, MeterRegistry meters,
			Clock clock, @Value("${spring.application.name}") String source) {
		this.clock = clock;
		this.kafka = kafka;
		this.acks = acks;
		this.rateLimiter = new RateLimiter(properties.sendRatePerSecond(), properties.sendBurst(), clock);
		this.source = source;
		this.published = Counter.builder("chat.edge.sends")
			.description("Message sends received, by outcome at the edge and error code")
			.tag("outcome", "published")
			.tag("code", "none")
			.register(meters);
		for (ErrorCode code : ErrorCode.values()) {
			this.rejected.put(code,
					Counter.builder("chat.edge.sends")
						.description("Message sends received, by outcome at the edge and error code")
						.tag("outcome", "rejected")
						.tag("code", code.name())
						.register(meters));
		}
	}

	@MessageMapping("/conversations/{conversationId}/messages")
	void send(@DestinationVariable String conversationId, @Payload(required = false) byte[] body, Principal user,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
			@Header(name = Acks.RECEIVED_AT_HEADER, required = false) Instant receivedAt) {
		SendMessageFrame frame = SendMessageFrame.parse(body);
		if (frame == null) {
			reject(user, null, null, ErrorCode.INVALID, "body is not a JSON send frame");
			return;
		}
		UUID clientMessageId = Uuids.parseOrNull(frame.clientMessageId());
		if (clientMessageId == null) {
			reject(user, frame.clientMessageId(), null, ErrorCode.INVALID, "clientMessageId must be a UUID");
			return;
		}
		UUID conversation = Uuids.parseOrNull(conversationId);
		if (conversation == null) {
			reject(user, frame.clientMessageId(), null, ErrorCode.NOT_FOUND, "no such conversation");
			return;
		}
		long retryAfterMs = this.rateLimiter.tryAcquire(user.getName());
		if (retryAfterMs > 0) {
			reject(user, frame.clientMessageId(), conversation, new MessageAck.Error(ErrorCode.RATE_LIMITED,
					"too many sends; retry later with the same clientMessageId", retryAfterMs));
			return;
		}
		MessageText.Checked text = MessageText.check(frame.text());
		if (text instanceof MessageText.Refused refused) {
			reject(user, frame.clientMessageId(), conversation, refused.code(), refused.reason());
			return;
		}
		SendMessage command = new SendMessage(UUID.randomUUID(), this.clock.instant().truncatedTo(ChronoUnit.MILLIS),
				conversation, user.getName(), clientMessageId, ((MessageText.Accepted) text).text());
		this.acks.awaiting(user.getName(), clientMessageId, receivedAt);
		try {
			this.kafka.send(KafkaRecords.record(Topics.MESSAGE_COMMANDS, this.source, command))
				.whenComplete((result, ex) -> {
					if (ex != null) {
						notQueued(user, frame, conversation, command, ex);
					}
				});
		}
		catch (RuntimeException ex) {
			// No metadata or no buffer space within max.block.ms.
			notQueued(user, frame, conversation, command, ex);
			return;
		}
		this.published.increment();
	}

	/**
	 * The command may or may not have reached Kafka: INTERNAL tells the client the
	 * outcome is unknown and a retry with the same clientMessageId is safe.
	 */
	private void notQueued(Principal user, SendMessageFrame frame, UUID conversation, SendMessage command,
			Throwable ex) {
		log.warn("Send command {} not accepted by Kafka: {}", command.commandId(), ex.toString());
		reject(user, frame.clientMessageId(), conversation, ErrorCode.INTERNAL,
				"the send could not be queued; retry with the same clientMessageId");
	}

	@Scheduled(fixedDelay = 60_000)
	void evictIdleLimits() {
		this.rateLimiter.evictIdle();
	}

	private void reject(Principal user, String clientMessageId, UUID conversationId, ErrorCode code, String message) {
		reject(user, clientMessageId, conversationId, new MessageAck.Error(code, message));
	}

	private void reject(Principal user, String clientMessageId, UUID conversationId, MessageAck.Error error) {
		this.rejected.get(error.code()).increment();
		this.acks.send(user.getName(), MessageAck.rejected(clientMessageId, conversationId, error));
	}

}
