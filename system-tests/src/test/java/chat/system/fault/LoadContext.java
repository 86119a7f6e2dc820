package chat.system.fault;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import chat.client.ChatRuntime;

/**
 * What all users of one load share: the SDK's runtime (client threads, HTTP and WebSocket
 * client), the pacer's scheduler, where the system is and where tokens come from.
 */
final class LoadContext implements AutoCloseable {

	final ChatRuntime runtime = ChatRuntime.create(2);

	final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	/** Token requests go to the dev issuer over HTTP: off the SDK's threads. */
	final ExecutorService tokenPool = Executors.newFixedThreadPool(4);

	final List<String> edgeUrls;

	final String messageServiceUrl;

	final Function<String, String> tokens;

	private final List<AppUser> users = new java.util.concurrent.CopyOnWriteArrayList<>();

	LoadContext(List<String> edgeUrls, String messageServiceUrl, Function<String, String> tokens) {
		this.edgeUrls = edgeUrls;
		this.messageServiceUrl = messageServiceUrl;
		this.tokens = tokens;
	}

	/** A user of this load: {@link #close()} stops it. */
	void add(AppUser user) {
		this.users.add(user);
	}

	/** Stops every user, then the threads they ran on. */
	@Override
	public void close() {
		this.users.forEach(AppUser::stop);
		try {
			// their DISCONNECTs go out on the runtime's threads
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.until(() -> this.users.stream().allMatch(AppUser::closed));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// the sockets close with the runtime below
		}
		this.scheduler.shutdownNow();
		this.tokenPool.shutdownNow();
		this.runtime.close();
	}

}
