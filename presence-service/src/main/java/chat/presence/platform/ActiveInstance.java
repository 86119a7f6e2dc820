package chat.presence.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Makes sure one presence instance is active at a time (ADR 6): presence is a function of
 * every session and every node heartbeat, so two instances splitting the partitions would
 * each see half and publish false offlines. The instance that holds a PostgreSQL
 * session-level advisory lock, on a connection of its own, runs the connections and
 * typing listeners; any other instance is a standby that tries to take the lock every
 * {@code chat.presence.active.check-interval} and stays not ready (no warm-up without
 * partitions).
 *
 * <p>
 * The lock goes with the connection: an active instance killed with {@code kill -9}
 * releases it at once (the server sees the socket close), one cut off from the database
 * when the server's TCP keepalives give up (about 10 s, set on the lock connection). The
 * active instance checks its connection at the same interval; when the check fails it has
 * lost the lock, so it stops both listeners, reports liveness BROKEN and exits (a
 * supervisor restarts it as a standby): its in-memory state cannot be trusted after
 * another instance may have taken over.
 *
 * <p>
 * Threads: one scheduler thread of its own. Lifecycle: starts after the listener
 * containers are created (which do not start by themselves) and stops them before it
 * releases the lock, so two instances never consume at once.
 */
@Component
class ActiveInstance implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ActiveInstance.class);

	/** Advisory lock id of the active presence instance ("presence" in ASCII). */
	static final long LOCK = 0x70726573656e6365L;

	/** The listeners only the active instance runs. */
	static final List<String> LISTENERS = List.of("connections", "typing-commands");

	private final DataSourceProperties database;

	private final KafkaListenerEndpointRegistry registry;

	private final ApplicationContext context;

	private final Duration checkInterval;

	private final boolean exitOnLoss;

	private ScheduledExecutorService scheduler;

	private Connection connection;

	private volatile boolean active;

	private volatile boolean running;

	ActiveInstance(DataSourceProperties database, KafkaListenerEndpointRegistry registry, ApplicationContext context,
			@Value("${chat.presence.active.check-interval:1s}") Duration checkInterval,
			@Value("${chat.presence.active.exit-on-loss:true}") boolean exitOnLoss) {
		this.database = database;
		this.registry = registry;
		this.context = context;
		this.checkInterval = checkInterval;
		this.exitOnLoss = exitOnLoss;
	}

	/** Whether this instance holds the lock and runs the listeners. */
	boolean isActive() {
		return this.active;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		check();
		this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "presence-active-instance");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.checkInterval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
	}

	private synchronized void check() {
		if (!this.running) {
			return;
		}
		try {
			if (this.active) {
				if (!this.connection.isValid((int) Math.max(1, this.checkInterval.toSeconds() + 1))) {
					lost(null);
				}
				return;
			}
			if (this.connection == null) {
				this.connection = connect();
			}
			if (tryLock()) {
				this.active = true;
				log.info("This presence instance is now the active one; starting its listeners");
				LISTENERS.forEach(id -> container(id).start());
			}
		}
		catch (SQLException | RuntimeException ex) {
			if (this.active) {
				lost(ex);
			}
			else {
				log.debug("Could not try the presence lock; trying again", ex);
				closeConnection();
			}
		}
	}

	private Connection connect() throws SQLException {
		Connection connection = DriverManager.getConnection(this.database.determineUrl(),
				this.database.determineUsername(), this.database.determinePassword());
		try (Statement statement = connection.createStatement()) {
			// the server drops the session (and the lock) soon after the network does
			statement.execute("SET tcp_keepalives_idle = 5");
			statement.execute("SET tcp_keepalives_interval = 2");
			statement.execute("SET tcp_keepalives_count = 3");
		}
		return connection;
	}

	private boolean tryLock() throws SQLException {
		try (Statement statement = this.connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT pg_try_advisory_lock(" + LOCK + ")")) {
			return result.next() && result.getBoolean(1);
		}
	}

	private void lost(Exception cause) {
		this.active = false;
		log.error("This presence instance lost its active lock; stopping its listeners{}",
				this.exitOnLoss ? " and exiting" : "", cause);
		LISTENERS.forEach(id -> container(id).stop());
		closeConnection();
		AvailabilityChangeEvent.publish(this.context, LivenessState.BROKEN);
		if (this.exitOnLoss) {
			Thread exit = new Thread(() -> System.exit(SpringApplication.exit(this.context, () -> 1)), "presence-exit");
			exit.start();
		}
	}

	private MessageListenerContainer container(String id) {
		MessageListenerContainer container = this.registry.getListenerContainer(id);
		if (container == null) {
			throw new IllegalStateException("No listener " + id);
		}
		return container;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
		}
		if (this.active) {
			// listeners first, lock last: a standby never consumes while this one still
			// does
			LISTENERS.forEach(id -> container(id).stop());
			this.active = false;
		}
		closeConnection();
	}

	private void closeConnection() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// the lock goes with the connection either way
			}
			this.connection = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the listener containers' phase, so that they exist and stop after this. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 50;
	}

}
