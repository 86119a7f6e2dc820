package chat.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * A client wired to a {@link FakeServer} and a {@link FakeScheduler}: nothing runs until
 * the test moves time. Jitter is fixed at the middle of its range (factor 0.9).
 */
final class Harness implements AutoCloseable {

	static final Instant WALL = Instant.parse("2026-12-01T10:00:00Z");

	final FakeScheduler time = new FakeScheduler();

	final FakeServer server = new FakeServer();

	final List<ConnectionState> states = new ArrayList<>();

	final List<TokenSupplier.Reason> tokenReasons = new ArrayList<>();

	final String user;

	final OutboxStore store;

	TokenSupplier supplier;

	int minted;

	final ChatClient client;

	Harness(String user) {
		this(user, OutboxStore.inMemory());
	}

	Harness(String user, OutboxStore store) {
		this.user = user;
		this.store = store;
		this.server.now = this.time::nowMillis;
		this.supplier = reason -> CompletableFuture.completedFuture(mint());
		this.client = ChatClient.builder()
			.url(URI.create("ws://edge-1/ws"), URI.create("ws://edge-2/ws"))
			.tokens(reason -> {
				this.tokenReasons.add(reason);
				return this.supplier.token(reason);
			})
			.outbox(store)
			.scheduler(this.time)
			.transport(this.server)
			.api(this.server)
			.clock(Clock.fixed(WALL, ZoneOffset.UTC))
			.random(fixedRandom(0.5))
			.build();
		this.client.addStateListener(this.states::add);
		run();
	}

	/** A fresh token for this harness's user, valid for an hour. */
	String mint() {
		return jwt(this.user, WALL.getEpochSecond() + 3600, ++this.minted);
	}

	static String jwt(String subject, long exp, int serial) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		String payload = "{\"sub\":\"" + subject + "\",\"exp\":" + exp + ",\"n\":" + serial + "}";
		return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
	}

	static RandomGenerator fixedRandom(double value) {
		return new RandomGenerator() {
			@Override
			public long nextLong() {
				return 42;
			}

			@Override
			public double nextDouble() {
				return value;
			}
		};
	}

	/** Connects and runs until the client is connected and subscribed. */
	Harness connected() {
		this.client.connect();
		run();
		return this;
	}

	void run() {
		this.time.runDue();
	}

	void advance(long millis) {
		this.time.advance(millis);
	}

	ConnectionState state() {
		return this.client.state();
	}

	FakeServer.Connection connection() {
		return this.server.last();
	}

	List<StompFrame> sends(String destinationSuffix) {
		List<StompFrame> all = new ArrayList<>();
		for (FakeServer.Connection c : this.server.everConnected) {
			c.received.stream()
				.filter(f -> f.command().equals("SEND") && f.header("destination").endsWith(destinationSuffix))
				.forEach(all::add);
		}
		return all;
	}

	/** Times (fake ms since the start) at which SENDs to a destination arrived. */
	List<Long> sendTimes(String destinationSuffix, long since) {
		List<Long> times = new ArrayList<>();
		for (FakeServer.Connection c : this.server.everConnected) {
			for (int i = 0; i < c.received.size(); i++) {
				StompFrame f = c.received.get(i);
				if (f.command().equals("SEND") && f.header("destination").endsWith(destinationSuffix)) {
					times.add(c.receivedAt.get(i) - since);
				}
			}
		}
		return times;
	}

	Conversation open(UUID conversationId) {
		Conversation conversation = this.client.conversation(conversationId);
		run();
		return conversation;
	}

	@Override
	public void close() {
		this.client.close();
		run();
	}

}
