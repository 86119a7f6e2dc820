package chat.benchmark.peer;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/conversations/{cid}/messages} with the edge's body
 * {@code {"clientMessageId","text"}}: numbers the message per conversation, broadcasts a
 * {@code message.created} event to {@code /topic/conversations/{cid}} and then answers
 * the sender with an ACCEPTED ack on {@code /user/queue/acks} — the edge's frame shapes.
 *
 * <p>
 * <b>What the ack means here:</b> the broker has taken the event for every subscriber
 * (nothing is stored; a restart forgets everything, including the sequence numbers).
 * Conversations need no creation and have no members: any session may send and subscribe.
 * Numbering and broadcast of one conversation run under its lock, so every subscriber
 * sees {@code seq} in order, as with the edge.
 */
@Controller
class MessageRelay {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SimpMessagingTemplate messaging;

	private final Map<String, long[]> sequences = new ConcurrentHashMap<>();

	MessageRelay(SimpMessagingTemplate messaging) {
		this.messaging = messaging;
	}

	@MessageMapping("/conversations/{conversationId}/messages")
	void send(@DestinationVariable String conversationId, @Payload byte[] body, Principal user) {
		SendFrame frame = JSON.readValue(body, SendFrame.class);
		long[] sequence = this.sequences.computeIfAbsent(conversationId, (id) -> new long[1]);
		UUID messageId = UUID.randomUUID();
		String createdAt = Instant.now().toString();
		long seq;
		synchronized (sequence) {
			seq = ++sequence[0];
			MessageCreated event = new MessageCreated("message.created", messageId.toString(), conversationId, seq,
					user.getName(), frame.clientMessageId(), frame.text(), createdAt);
			this.messaging.convertAndSend("/topic/conversations/" + conversationId, JSON.writeValueAsBytes(event),
					Map.of("event-type", "message.created", "content-type", "application/json"));
		}
		MessageAck ack = new MessageAck(frame.clientMessageId(), conversationId, "ACCEPTED", messageId.toString(), seq,
				createdAt);
		this.messaging.convertAndSendToUser(user.getName(), "/queue/acks", JSON.writeValueAsBytes(ack),
				Map.of("content-type", "application/json"));
	}

	record SendFrame(String clientMessageId, String text) {
	}

	record MessageCreated(String type, String messageId, String conversationId, long seq, String senderId,
			String clientMessageId, String text, String createdAt) {
	}

	record MessageAck(String clientMessageId, String conversationId, String status, String messageId, long seq,
			String createdAt) {
	}

}
