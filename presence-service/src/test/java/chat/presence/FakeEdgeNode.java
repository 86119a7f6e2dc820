package chat.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import chat.contracts.ChatRecord;
import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.SessionClosed;
import chat.contracts.presence.SessionOpened;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * What an edge node writes to {@code chat.connections.v1}: session opened/closed and,
 * once started, a heartbeat listing its live sessions every interval. {@link #kill()}
 * stops everything without a word, as {@code kill -9} would.
 */
public final class FakeEdgeNode implements AutoCloseable {

	private final KafkaTemplate<String, byte[]> kafka;

	private final String nodeId;

	private final Duration heartbeatInterval;

	/** Session id → user id. */
	private final Map<String, String> sessions = new ConcurrentSkipListMap<>();

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "fake-edge-heartbeats");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Instant lastHeartbeatAt;

	FakeEdgeNode(KafkaTemplate<String, byte[]> kafka, String nodeId, Duration heartbeatInterval) {
		this.kafka = kafka;
		this.nodeId = nodeId;
		this.heartbeatInterval = heartbeatInterval;
	}

	public String nodeId() {
		return this.nodeId;
	}

	/** Opens a session of {@code userId}; returns its id once Kafka has the event. */
	public String open(String userId) {
		String sessionId = UUID.randomUUID().toString();
		this.sessions.put(sessionId, userId);
		send(new SessionOpened(UUID.randomUUID(), Instant.now(), userId, sessionId, this.nodeId));
		return sessionId;
	}

	public void close(String sessionId) {
		String userId = this.sessions.remove(sessionId);
		send(new SessionClosed(UUID.randomUUID(), Instant.now(), userId, sessionId, this.nodeId));
	}

	/** Heartbeats every interval from now on, the first one at once. */
	public FakeEdgeNode startHeartbeats() {
		this.heartbeats.scheduleAtFixedRate(this::heartbeat, 0, this.heartbeatInterval.toMillis(),
				TimeUnit.MILLISECONDS);
		return this;
	}

	/** When the newest heartbeat was sent, {@code null} before the first. */
	public Instant lastHeartbeatAt() {
		return this.lastHeartbeatAt;
	}

	/** Stops heartbeating and returns once no heartbeat is in flight. */
	public void kill() {
		this.heartbeats.shutdown(); // lets a heartbeat in flight finish, starts no other
		try {
			this.heartbeats.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		kill();
	}

	private void heartbeat() {
		List<NodeHeartbeat.LiveSession> live = new ArrayList<>();
		this.sessions.forEach((sessionId, userId) -> live.add(new NodeHeartbeat.LiveSession(userId, sessionId)));
		Instant at = Instant.now();
		NodeHeartbeat.of(at, this.nodeId, live).forEach(this::send);
		this.lastHeartbeatAt = at;
	}

	private void send(ChatRecord record) {
		try {
			this.kafka.send(KafkaRecords.record(Topics.CONNECTIONS, this.nodeId, record)).get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("edge record not acknowledged", ex);
		}
	}

}
