package chat.connection.session;

import java.nio.ByteBuffer;
import java.util.List;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MultiValueMap;

/**
 * A STOMP decoder that turns a frame it cannot parse (an unknown command, a body where
 * none is allowed, broken headers) into one marked frame, which {@link StompInboundGuard}
 * answers with ERROR {@code INVALID} and a closed socket like any other forbidden frame.
 * Spring's own handling of such a frame logs a stack trace at ERROR level per frame; a
 * client must not be able to fill the log that way.
 */
final class MalformedFrames extends StompDecoder {

	/** Native header of the marked frame; its value is the parser's complaint. */
	static final String MALFORMED = "chat-malformed";

	@Override
	public List<Message<byte[]>> decode(ByteBuffer buffer, MultiValueMap<String, String> partialMessageHeaders) {
		try {
			return super.decode(buffer, partialMessageHeaders);
		}
		catch (RuntimeException ex) {
			// The rest of this WebSocket message cannot be trusted either.
			buffer.position(buffer.limit());
			StompHeaderAccessor marked = StompHeaderAccessor.create(StompCommand.ERROR);
			marked.setNativeHeader(MALFORMED, "true");
			marked.setLeaveMutable(true);
			return List.of(MessageBuilder.createMessage(new byte[0], marked.getMessageHeaders()));
		}
	}

}
