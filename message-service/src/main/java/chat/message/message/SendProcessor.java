package chat.message.message;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import chat.contracts.ErrorCode;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageEvent;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.MessageText;
import chat.contracts.message.SendMessage;
import chat.message.conversation.ConversationService;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides the outcome of each send in a batch, in one transaction: a send already stored
 * (same sender and clientMessageId) yields the stored message again; a new one is stored
 * with the conversation's next seq; a send to an unknown conversation, by a non-member or
 * with bad text is rejected and stores no message. The rejection itself is kept under the
 * same key, so a retry or a redelivery of that send is rejected again with the same code,
 * even after the sender became a member: REJECTED is final for a clientMessageId.
 *
 * <p>
 * Idempotent: processing the same commands again, in any order and any number of times,
 * stores nothing new and yields the same {@link MessageCreated} events.
 */
@Service
class SendProcessor {

	private final Messages messages;

	private final ConversationService conversations;

	private final Clock clock;

	SendProcessor(Messages messages, ConversationService conversations, Clock clock) {
		this.messages = messages;
		this.conversations = conversations;
		this.clock = clock;
	}

	/**
	 * What one send came to.
	 *
	 * @param duplicate whether the send had been stored before (a retry or a redelivery)
	 */
	record Outcome(MessageEvent event, boolean duplicate) {
	}

	/**
	 * Decides every command of a batch with a fixed number of statements, whatever the
	 * batch size: one lookup of the stored keys, one of the stored rejections (skipped
	 * when every key is stored), one lock of the target conversations (in id order, so
	 * that concurrent batches cannot deadlock), one membership lookup, one insert, one
	 * seq update, one participation update (which finds nothing to do unless a member
	 * sends in a conversation for the first time; then that conversation's member set is
	 * published again, ADR 10) and, when something was refused, one insert of the
	 * rejections.
	 * @return one outcome per command, in command order
	 */
	@Transactional
	public List<Outcome> process(List<SendMessage> commands) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		List<Messages.Key> keys = commands.stream().map(SendProcessor::key).distinct().toList();
		Map<Messages.Key, MessageCreated> stored = new HashMap<>(this.messages.byClientIds(keys));
		Map<Messages.Key, Messages.Rejection> refused = new HashMap<>(
				this.messages.rejectionsByClientIds(keys.stream().filter(key -> !stored.containsKey(key)).toList()));
		Map<Messages.Key, Messages.Rejection> newlyRefused = new HashMap<>();
		Set<UUID> targets = new TreeSet<>();
		List<Messages.Membership> asked = new ArrayList<>();
		for (SendMessage command : commands) {
			if (!stored.containsKey(key(command)) && !refused.containsKey(key(command))) {
				targets.add(command.conversationId());
				asked.add(new Messages.Membership(command.conversationId(), command.senderId()));
			}
		}
		Map<UUID, Long> lastSeqs = new HashMap<>(this.messages.lockConversations(targets));
		Set<Messages.Membership> members = this.messages.memberships(asked);
		List<MessageCreated> created = new ArrayList<>();
		List<Outcome> outcomes = new ArrayList<>(commands.size());
		for (SendMessage command : commands) {
			MessageCreated known = stored.get(key(command));
			if (known != null) {
				outcomes.add(known.conversationId().equals(command.conversationId()) ? new Outcome(known, true)
						: rejected(command, ErrorCode.INVALID,
								"clientMessageId was already used in another conversation", now));
				continue;
			}
			Messages.Rejection before = refused.get(key(command));
			if (before != null) {
				// refused once, refused always: the answer a client may already have seen
				outcomes.add(new Outcome(MessageRejected.of(command, before.code(), before.reason(), now), true));
				continue;
			}
			MessageText.Checked text = MessageText.check(command.text());
			Messages.Rejection rejection = null;
			if (text instanceof MessageText.Refused refusedText) {
				rejection = new Messages.Rejection(command.conversationId(), refusedText.code(), refusedText.reason());
			}
			else if (!lastSeqs.containsKey(command.conversationId())) {
				rejection = new Messages.Rejection(command.conversationId(), ErrorCode.NOT_FOUND,
						"conversation not found");
			}
			else if (!members.contains(new Messages.Membership(command.conversationId(), command.senderId()))) {
				rejection = new Messages.Rejection(command.conversationId(), ErrorCode.NOT_MEMBER,
						"sender is not a member of the conversation");
			}
			if (rejection != null) {
				outcomes.add(rejected(command, rejection.code(), rejection.reason(), now));
				refused.put(key(command), rejection);
				newlyRefused.put(key(command), rejection);
			}
			else {
				long seq = lastSeqs.merge(command.conversationId(), 1L, Long::sum);
				MessageCreated message = new MessageCreated(UUID.randomUUID(), command.conversationId(), seq,
						command.senderId(), command.clientMessageId(), ((MessageText.Accepted) text).text(), now);
				// a later retry of the same send within this batch finds it here
				stored.put(key(command), message);
				created.add(message);
				outcomes.add(new Outcome(message, false));
			}
		}
		this.messages.insert(created);
		this.conversations.tookPart(created.stream().map(MessageCreated::conversationId).toList(),
				created.stream().map(MessageCreated::senderId).toList(), now);
		this.messages.insertRejections(newlyRefused, now);
		return outcomes;
	}

	private static Messages.Key key(SendMessage command) {
		return new Messages.Key(command.senderId(), command.clientMessageId());
	}

	private static Outcome rejected(SendMessage command, ErrorCode code, String reason, Instant now) {
		return new Outcome(MessageRejected.of(command, code, reason, now), false);
	}

}
