package chat.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads and an HTTP client to share among many {@link ChatClient}s in one JVM (a load
 * generator, a server-side bot fleet): each client still runs its own work one task at a
 * time, on these threads. Close it after the clients.
 */
public final class ChatRuntime implements AutoCloseable {

	private final ScheduledExecutorService executor;

	private final ChatScheduler scheduler;

	private final HttpClient http;

	private ChatRuntime(ScheduledExecutorService executor, HttpClient http) {
		this.executor = executor;
		this.scheduler = ChatScheduler.of(executor);
		this.http = http;
	}

	/** A runtime with {@code threads} daemon threads named {@code chat-client-N}. */
	public static ChatRuntime create(int threads) {
		AtomicInteger count = new AtomicInteger();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, task -> {
			Thread thread = new Thread(task, "chat-client-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newCachedThreadPool(task -> {
				Thread thread = new Thread(task, "chat-client-http-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			}))
			.build();
		return new ChatRuntime(executor, http);
	}

	public ChatScheduler scheduler() {
		return this.scheduler;
	}

	public HttpClient httpClient() {
		return this.http;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
