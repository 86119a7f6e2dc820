package chat.presence.typing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.presence.SetTyping;
import chat.contracts.presence.TypingUpdated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Runs the {@link TypingTracker}: commands and disconnects change it at once;
 * {@link #tick()}, once per coalescing window, publishes one {@code TypingUpdated} per
 * conversation whose set changed. Never stored: after a restart, the commands replayed
 * since the last committed offset and the snapshots recently published
 * ({@link RecentSnapshots}) are all it needs.
 *
 * <p>
 * Thread-safety: the typing listener thread, the connections listener thread
 * (disconnects) and the ticker thread call in; the tracker is touched only under this
 * object's monitor. Publishing happens outside it, on the ticker thread alone, so a slow
 * broker never blocks the listeners.
 */
@Service
public class Typing {

	private static final Logger log = LoggerFactory.getLogger(Typing.class);

	private final TypingTracker tracker;

	private final RecentSnapshots recentSnapshots;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Clock clock;

	private final String source;

	private final Duration publishTimeout;

	private final Duration recoveryWindow;

	private final Counter snapshots;

	private final Counter shed;

	private volatile boolean assigned;

	/** Ticker thread only. */
	private boolean recovered;

	Typing(TypingProperties properties, RecentSnapshots recentSnapshots, KafkaTemplate<String, byte[]> kafka,
			Clock clock, MeterRegistry meters, @Value("${spring.application.name}") String source,
			@Value("${chat.presence.publish-timeout:10s}") Duration publishTimeout) {
		this.tracker = new TypingTracker(properties.expiry());
		this.recentSnapshots = recentSnapshots;
		this.kafka = kafka;
		this.clock = clock;
		this.source = source;
		this.publishTimeout = publishTimeout;
		this.recoveryWindow = properties.recoveryWindow();
		this.snapshots = Counter.builder("chat.presence.typing.snapshots")
			.description("Typing snapshots published")
			.register(meters);
		this.shed = Counter.builder("chat.presence.typing.shed")
			.description("Typing commands ignored: older than the expiry, or from before the user's last disconnect")
			.register(meters);
	}

	/**
	 * The user's last session closed at {@code at}: they stop typing everywhere now, not
	 * after the grace.
	 */
	public synchronized void lastSessionClosed(String userId, Instant at) {
		this.tracker.disconnected(userId, at);
	}

	void apply(List<SetTyping> commands) {
		int ignored = 0;
		synchronized (this) {
			Instant now = now();
			for (SetTyping command : commands) {
				if (!this.tracker.apply(command.conversationId(), command.userId(), command.typing(),
						command.occurredAt(), now)) {
					ignored++;
				}
			}
		}
		this.shed.increment(ignored);
	}

	/** The typing listener has partitions: replayed commands arrive from now on. */
	void partitionsAssigned() {
		this.assigned = true;
	}

	/**
	 * Publishes the snapshots that are due; called once per window by the ticker thread
	 * only.
	 */
	void tick() {
		Instant now = now();
		if (!this.recovered) {
			if (!this.assigned) {
				return;
			}
			recover(now);
		}
		List<TypingTracker.Snapshot> due;
		synchronized (this) {
			due = this.tracker.due(now);
		}
		if (due.isEmpty()) {
			return;
		}
		publish(due, now);
		synchronized (this) {
			this.tracker.published(due);
		}
		this.snapshots.increment(due.size());
	}

	/**
	 * Learns what an earlier instance left showing; best effort, so a failure only logs.
	 */
	void recover(Instant now) {
		try {
			var shown = this.recentSnapshots.since(now.minus(this.recoveryWindow));
			synchronized (this) {
				this.tracker.recovered(shown);
			}
			log.info("Typing recovered {} recent snapshots", shown.size());
		}
		catch (RuntimeException ex) {
			log.warn("Could not read recent typing snapshots; snapshots left by an earlier instance stay", ex);
		}
		this.recovered = true;
	}

	private void publish(List<TypingTracker.Snapshot> due, Instant now) {
		List<CompletableFuture<?>> sends = new ArrayList<>(due.size());
		for (TypingTracker.Snapshot snapshot : due) {
			TypingUpdated updated = new TypingUpdated(UUID.randomUUID(), now, snapshot.conversationId(),
					snapshot.userIds());
			sends.add(this.kafka.send(KafkaRecords.record(Topics.TYPING, this.source, updated)));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing typing snapshots", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Typing snapshots not acknowledged by Kafka; they will be retried", ex);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
