package chat.message.message;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import chat.contracts.ErrorCode;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageEvent;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.MessageText;
import chat.contracts.message.SendMessage;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides the outcome of each send in a batch, in one transaction: a send already stored (same sender and
 * clientMessageId) yields the stored message again; a new one is stored with the conversation's next seq;
 * a send to an unknown conversation, by a non-member or with bad text is rejected and stores nothing.
 *
 * <p>
 * Idempotent: processing the same commands again, in any order and any number of times, stores nothing
 * new and yields the same {@link MessageCreated} events.
 */
@Service
class SendProcessor {

	private final Messages messages;

	private final Clock clock;

	SendProcessor(Messages messages, Clock clock) {
		this.messages = messages;
		this.clock = clock;
	}

	/**
	 * What one send came to.
	 *
	 * @param duplicate whether the send had been stored before (a retry or a redelivery)
	 */
	record Outcome(MessageEvent event, boolean duplicate) {
	}

	/** @return one outcome per command, in command order */
	@Transactional
	public List<Outcome> process(List<SendMessage> commands) {
		List<Outcome> outcomes = new ArrayList<>(commands.size());
		for (SendMessage command : commands) {
			outcomes.add(process(command));
		}
		return outcomes;
	}

	private Outcome process(SendMessage command) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		Optional<MessageCreated> stored = this.messages.byClientId(command.senderId(), command.clientMessageId());
		if (stored.isPresent()) {
			if (!stored.get().conversationId().equals(command.conversationId())) {
				return new Outcome(MessageRejected.of(command, ErrorCode.INVALID,
						"clientMessageId was already used in another conversation", now), false);
			}
			return new Outcome(stored.get(), true);
		}
		MessageText.Checked text = MessageText.check(command.text());
		if (text instanceof MessageText.Refused refused) {
			return new Outcome(MessageRejected.of(command, refused.code(), refused.reason(), now), false);
		}
		Optional<Messages.Slot> slot = this.messages.lockConversation(command.conversationId(), command.senderId());
		if (slot.isEmpty()) {
			return new Outcome(MessageRejected.of(command, ErrorCode.NOT_FOUND, "conversation not found", now), false);
		}
		if (!slot.get().senderIsMember()) {
			return new Outcome(MessageRejected.of(command, ErrorCode.NOT_MEMBER,
					"sender is not a member of the conversation", now), false);
		}
		MessageCreated created = new MessageCreated(UUID.randomUUID(), command.conversationId(),
				slot.get().lastSeq() + 1, command.senderId(), command.clientMessageId(),
				((MessageText.Accepted) text).text(), now);
		this.messages.insert(created);
		return new Outcome(created, false);
	}

}
