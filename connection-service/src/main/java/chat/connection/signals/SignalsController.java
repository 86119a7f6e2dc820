package chat.connection.signals;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import chat.connection.membership.Memberships;
import chat.connection.platform.EdgeProperties;
import chat.connection.platform.RateLimiter;
import chat.connection.session.StompReplies;
import chat.connection.session.StompUser;
import chat.contracts.ChatJson;
import chat.contracts.ChatRecord;
import chat.contracts.ErrorCode;
import chat.contracts.Uuids;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.client.ClientError;
import chat.contracts.client.ReceiptFrame;
import chat.contracts.client.TypingFrame;
import chat.contracts.presence.SetTyping;
import chat.contracts.receipt.AdvanceReceipt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;

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
 * Member signals that are not messages: typing on/off
 * ({@code /app/conversations/{cid}/typing}) and the delivered/read watermarks
 * ({@code .../delivered}, {@code .../read}). Members only; a refused frame gets an error
 * on the session's {@code /user/queue/errors}. Both are rate-limited per user, before any
 * membership look-up: typing on and off ({@code chat.edge.typing-rate-per-second}), whose
 * excess is dropped silently (typing is the first traffic to shed, and clients refresh it
 * anyway), and delivered/read ({@code chat.edge.receipt-rate-per-second}), whose excess
 * gets {@code RATE_LIMITED} with {@code retryAfterMs} (a later, higher watermark covers
 * it).
 */
@Controller
class SignalsController {

	private final Memberships memberships;

	private final StompReplies replies;

	private final KafkaTemplate<String, byte[]> kafka;

	private final RateLimiter typingLimiter;

	private final RateLimiter receiptLimiter;

	private final Counter typingShed;

	private final Counter receiptsLimited;

	private final String source;

	private final Clock clock;

	SignalsController(Memberships memberships, StompReplies replies, KafkaTemplate<String, byte[]> kafka,
			EdgeProperties properties, MeterRegistry meters, Clock clock,
			@Value("${spring.application.name}") String source) {
		this.clock = clock;
		this.memberships = memberships;
		this.replies = replies;
		this.kafka = kafka;
		this.source = source;
		this.typingLimiter = new RateLimiter(properties.typingRatePerSecond(), properties.typingRatePerSecond(), clock);
		this.receiptLimiter = new RateLimiter(properties.receiptRatePerSecond(), 2 * properties.receiptRatePerSecond(),
				clock);
		this.typingShed = Counter.builder("chat.edge.typing.shed")
			.description("Typing frames dropped by the per-user rate limit")
			.register(meters);
		this.receiptsLimited = Counter.builder("chat.edge.receipts.rate-limited")
			.description("Delivered/read frames refused by the per-user rate limit")
			.register(meters);
	}

	@MessageMapping("/conversations/{conversationId}/typing")
	void typing(@DestinationVariable String conversationId, @Payload(required = false) byte[] body, Principal user,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
			@Header(SimpMessageHeaderAccessor.DESTINATION_HEADER) String destination) {
		TypingFrame frame = parse(body, TypingFrame.class);
		if (frame == null || frame.typing() == null) {
			refuse(user, sessionId, ErrorCode.INVALID, "body must be {\"typing\": true|false}", destination);
			return;
		}
		// Limit before the membership check: a flood of typing frames must not become a
		// flood of lookups.
		if (this.typingLimiter.tryAcquire(user.getName()) > 0) {
			this.typingShed.increment();
			return;
		}
		UUID conversation = memberConversation(conversationId, user, sessionId, destination);
		if (conversation == null) {
			return;
		}
		publish(Topics.TYPING_COMMANDS,
				new SetTyping(UUID.randomUUID(), now(), conversation, user.getName(), frame.typing()), user, sessionId,
				destination);
	}

	@MessageMapping("/conversations/{conversationId}/delivered")
	void delivered(@DestinationVariable String conversationId, @Payload(required = false) byte[] body, Principal user,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
			@Header(SimpMessageHeaderAccessor.DESTINATION_HEADER) String destination) {
		receipt(AdvanceReceipt.Kind.DELIVERED, conversationId, body, user, sessionId, destination);
	}

	@MessageMapping("/conversations/{conversationId}/read")
	void read(@DestinationVariable String conversationId, @Payload(required = false) byte[] body, Principal user,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
			@Header(SimpMessageHeaderAccessor.DESTINATION_HEADER) String destination) {
		receipt(AdvanceReceipt.Kind.READ, conversationId, body, user, sessionId, destination);
	}

	@Scheduled(fixedDelay = 60_000)
	void evictIdleLimits() {
		this.typingLimiter.evictIdle();
		this.receiptLimiter.evictIdle();
	}

	private void receipt(AdvanceReceipt.Kind kind, String conversationId, byte[] body, Principal user, String sessionId,
			String destination) {
		ReceiptFrame frame = parse(body, ReceiptFrame.class);
		if (frame == null || frame.upToSeq() == null || frame.upToSeq() < 0) {
			refuse(user, sessionId, ErrorCode.INVALID, "body must be {\"upToSeq\": n} with n >= 0", destination);
			return;
		}
		long retryAfterMs = this.receiptLimiter.tryAcquire(user.getName());
		if (retryAfterMs > 0) {
			this.receiptsLimited.increment();
			this.replies.error(user.getName(), sessionId, new ClientError(ErrorCode.RATE_LIMITED,
					"too many delivered/read frames; send the highest seq later", destination, retryAfterMs));
			return;
		}
		UUID conversation = memberConversation(conversationId, user, sessionId, destination);
		if (conversation == null) {
			return;
		}
		publish(Topics.RECEIPT_COMMANDS,
				new AdvanceReceipt(UUID.randomUUID(), now(), conversation, user.getName(), kind, frame.upToSeq()), user,
				sessionId, destination);
	}

	/**
	 * The conversation's id when {@code user} is a member of it; otherwise null after
	 * telling the session why.
	 */
	private UUID memberConversation(String conversationId, Principal user, String sessionId, String destination) {
		UUID conversation = Uuids.parseOrNull(conversationId);
		if (conversation == null) {
			refuse(user, sessionId, ErrorCode.NOT_FOUND, "no such conversation", destination);
			return null;
		}
		return switch (this.memberships.check(conversation, (StompUser) user)) {
			case MEMBER -> conversation;
			case NOT_MEMBER ->
				refuse(user, sessionId, ErrorCode.NOT_MEMBER, "not a member of this conversation", destination);
			case NOT_FOUND -> refuse(user, sessionId, ErrorCode.NOT_FOUND, "no such conversation", destination);
			case UNAVAILABLE ->
				refuse(user, sessionId, ErrorCode.INTERNAL, "membership could not be checked; retry", destination);
		};
	}

	private UUID refuse(Principal user, String sessionId, ErrorCode code, String message, String destination) {
		this.replies.error(user.getName(), sessionId, code, message, destination);
		return null;
	}

	/**
	 * Publishes {@code command}; if Kafka cannot take it (within {@code max.block.ms} or
	 * the delivery timeout) the session is told {@code INTERNAL} and may send it again.
	 */
	private void publish(String topic, ChatRecord command, Principal user, String sessionId, String destination) {
		try {
			this.kafka.send(KafkaRecords.record(topic, this.source, command)).whenComplete((result, ex) -> {
				if (ex != null) {
					refuse(user, sessionId, ErrorCode.INTERNAL, "could not be queued; send it again", destination);
				}
			});
		}
		catch (RuntimeException ex) {
			refuse(user, sessionId, ErrorCode.INTERNAL, "could not be queued; send it again", destination);
		}
	}

	private static <T> T parse(byte[] body, Class<T> type) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			return ChatJson.mapper().readValue(body, type);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
