package chat.receipt.membership;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Reads the membership topic from its start on every assignment, notes the end offsets of
 * the first assignment and marks {@link Memberships} loaded once the consumer's position
 * has reached them on every partition (a partition that is empty counts as read). The
 * position is checked after every batch and whenever the container has been idle for a
 * second.
 *
 * <p>
 * Used only by the membership container's one consumer thread, so its state needs no
 * locking.
 */
@Component
class MembershipCatchUp {

	private static final Logger log = LoggerFactory.getLogger(MembershipCatchUp.class);

	private final Memberships memberships;

	/**
	 * End offset per partition noted at assignment, for partitions not read up to it yet.
	 */
	private final Map<TopicPartition, Long> catchingUp = new HashMap<>();

	MembershipCatchUp(Memberships memberships) {
		this.memberships = memberships;
	}

	/**
	 * The rebalance listener of the membership container only. Not a bean: Boot would
	 * give a {@link ConsumerAwareRebalanceListener} bean to every container, and the
	 * command listener must not seek.
	 */
	ConsumerAwareRebalanceListener rebalanceListener() {
		return new ConsumerAwareRebalanceListener() {

			@Override
			public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				consumer.seekToBeginning(partitions);
				if (!MembershipCatchUp.this.memberships.loaded()) {
					MembershipCatchUp.this.catchingUp.putAll(consumer.endOffsets(partitions));
					check(consumer);
				}
			}

		};
	}

	/**
	 * The container is idle: its position is as far as the topic goes, even when no batch
	 * came to say so (the last record was dead-lettered, or the log ends in offsets that
	 * hold no record). Published on the consumer thread, so the consumer may be used.
	 */
	@EventListener(condition = "#root.event.listenerId.startsWith('" + MembershipListener.ID + "')")
	void onIdle(ListenerContainerIdleEvent idle) {
		check(idle.getConsumer());
	}

	/** Called after each applied batch and when the container is idle. */
	void check(Consumer<?, ?> consumer) {
		if (this.memberships.loaded()) {
			return;
		}
		this.catchingUp.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
		if (this.catchingUp.isEmpty()) {
			this.memberships.markLoaded();
			log.info("Membership view loaded: {} conversations", this.memberships.size());
		}
	}

}
