package chat.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Opens and closes many STOMP sessions over one {@link HttpClient}: one selector thread
 * plus {@code threads} worker threads for every session, so the generator stays light on
 * a small machine.
 */
final class Sessions implements AutoCloseable {

	private static final int ATTEMPTS = 3;

	private final ExecutorService executor;

	private final HttpClient client;

	private final List<StompConnection> open = new ArrayList<>();

	final AtomicInteger closed = new AtomicInteger();

	/**
	 * Sessions opened so far: the next one connects to {@code target.endpoint(started)}.
	 */
	private int started;

	final List<String> closeReasons = java.util.Collections.synchronizedList(new ArrayList<>());

	Sessions(int threads) {
		AtomicInteger n = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(threads, (r) -> {
			Thread t = new Thread(r, "loadgen-io-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
		this.client = HttpClient.newBuilder().executor(this.executor).build();
	}

	/**
	 * A session to open: its CONNECT headers, listener and subscriptions (id →
	 * destination).
	 */
	record Spec(Map<String, String> connectHeaders, StompConnection.FrameListener listener,
			Map<String, String> subscriptions) {
	}

	/**
	 * Opens every session, {@code parallel} at a time, each subscribed (RECEIPT awaited)
	 * before it counts. Returns the sessions in order; a session that failed is null.
	 */
	List<StompConnection> openAll(Target target, List<Spec> specs, int parallel, Function<Throwable, Void> onFailure)
			throws InterruptedException {
		Semaphore slots = new Semaphore(parallel);
		List<CompletableFuture<StompConnection>> pending = new ArrayList<>();
		for (Spec spec : specs) {
			slots.acquire();
			CompletableFuture<StompConnection> session = open(target.endpoint(this.started++), spec, ATTEMPTS);
			session.whenComplete((c, ex) -> slots.release());
			pending.add(session);
		}
		List<StompConnection> out = new ArrayList<>();
		for (CompletableFuture<StompConnection> session : pending) {
			try {
				StompConnection connection = session.join();
				out.add(connection);
				synchronized (this.open) {
					this.open.add(connection);
				}
			}
			catch (RuntimeException ex) {
				onFailure.apply(ex.getCause() != null ? ex.getCause() : ex);
				out.add(null);
			}
		}
		return out;
	}

	/**
	 * Opens and subscribes one session; a failed attempt (a busy machine can time a
	 * handshake out) is retried, {@code attempts} in all.
	 */
	private CompletableFuture<StompConnection> open(URI endpoint, Spec spec, int attempts) {
		CompletableFuture<StompConnection> attempt = StompConnection
			.open(this.client, endpoint, spec.connectHeaders(), spec.listener(), (why) -> {
				this.closed.incrementAndGet();
				if (this.closeReasons.size() < 5) {
					this.closeReasons.add(why);
				}
			})
			.thenCompose((connection) -> {
				List<CompletableFuture<Void>> receipts = new ArrayList<>();
				spec.subscriptions().forEach((id, destination) -> receipts.add(connection.subscribe(id, destination)));
				return CompletableFuture.allOf(receipts.toArray(CompletableFuture[]::new))
					.thenApply((v) -> connection)
					.whenComplete((c, ex) -> {
						if (ex != null) {
							connection.abort();
						}
					});
			});
		if (attempts <= 1) {
			return attempt;
		}
		return attempt
			.handle((connection, ex) -> (ex == null) ? CompletableFuture.completedFuture(connection)
					: open(endpoint, spec, attempts - 1))
			.thenCompose((f) -> f);
	}

	@Override
	public void close() {
		synchronized (this.open) {
			this.open.forEach(StompConnection::close);
			this.open.clear();
		}
		this.executor.shutdown();
	}

}
