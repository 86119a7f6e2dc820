package chat.connection.session;

import chat.connection.membership.Memberships.MembersRemoved;
import chat.contracts.ErrorCode;
import chat.contracts.client.ConversationEvents;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Ends the conversation subscriptions of users removed from it: the broker drops each
 * such subscription (as if the client had sent UNSUBSCRIBE), and the session is told with
 * {@code NOT_MEMBER} on its {@code /user/queue/errors}. Runs on the membership listener's
 * thread.
 */
@Component
class RemovedMembers {

	private final SimpUserRegistry users;

	private final ObjectProvider<MessageChannel> broker;

	private final StompReplies replies;

	private final Sessions sessions;

	RemovedMembers(SimpUserRegistry users, @Qualifier("brokerChannel") ObjectProvider<MessageChannel> broker,
			StompReplies replies, Sessions sessions) {
		this.users = users;
		this.broker = broker;
		this.replies = replies;
		this.sessions = sessions;
	}

	@EventListener
	void unsubscribe(MembersRemoved removed) {
		String destination = ConversationEvents.topic(removed.conversationId());
		for (String userId : removed.userIds()) {
			SimpUser user = this.users.getUser(userId);
			if (user == null) {
				continue;
			}
			for (SimpSession session : user.getSessions()) {
				for (SimpSubscription subscription : session.getSubscriptions()) {
					if (destination.equals(subscription.getDestination())) {
						unsubscribe(session.getId(), subscription.getId(), destination);
						this.replies.error(userId, session.getId(), ErrorCode.NOT_MEMBER,
								"removed from this conversation", destination);
					}
				}
			}
		}
	}

	private void unsubscribe(String sessionId, String subscriptionId, String destination) {
		SimpMessageHeaderAccessor unsubscribe = SimpMessageHeaderAccessor.create(SimpMessageType.UNSUBSCRIBE);
		unsubscribe.setSessionId(sessionId);
		unsubscribe.setSubscriptionId(subscriptionId);
		unsubscribe.setDestination(destination);
		this.broker.getObject().send(MessageBuilder.createMessage(new byte[0], unsubscribe.getMessageHeaders()));
		this.sessions.unsubscribed(sessionId, subscriptionId);
	}

}
