package chat.connection.membership;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import chat.connection.ManualClock;
import chat.connection.platform.EdgeProperties;
import chat.connection.session.StompUser;
import chat.contracts.conversation.ConversationMembersChanged;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unknown conversation ids are answered from memory for a while: a client probing random
 * ids costs the message service one look-up per id. Over real HTTP to a small server that
 * answers 404, as the message service does for an unknown id, and counts the calls.
 */
class MembershipNegativeCacheIntegrationTests {

	private static final Duration TTL = Duration.ofSeconds(30);

	private final AtomicInteger lookUps = new AtomicInteger();

	private final ManualClock clock = new ManualClock();

	private final StompUser mallory = new StompUser("mallory",
			new StompUser.Credentials("token", Instant.now(), Instant.now().plusSeconds(3600)));

	private HttpServer messageService;

	private Memberships memberships;

	@BeforeEach
	void start() throws IOException {
		this.messageService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.messageService.createContext("/api/conversations/", exchange -> {
			this.lookUps.incrementAndGet();
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
		});
		this.messageService.start();
		EdgeProperties properties = new EdgeProperties("edge-test",
				URI.create("http://127.0.0.1:" + this.messageService.getAddress().getPort()), 10, 10,
				Duration.ofSeconds(5), 4, 10, Duration.ofSeconds(60), TTL, Duration.ofSeconds(5),
				new EdgeProperties.Limits(DataSize.ofKilobytes(64), 100, 10, 10_000, Duration.ofSeconds(10),
						Duration.ofSeconds(10), DataSize.ofKilobytes(512)),
				new EdgeProperties.Shedding(Duration.ofMillis(150), Duration.ofMillis(250)));
		this.memberships = new Memberships(new MessageServiceClient(RestClient.builder(), properties), event -> {
		}, properties, this.clock);
	}

	@AfterEach
	void stop() {
		this.messageService.stop(0);
	}

	@Test
	void anUnknownIdIsLookedUpOnceUntilItsEntryExpires() {
		UUID probe = UUID.randomUUID();

		for (int i = 0; i < 50; i++) {
			assertThat(this.memberships.check(probe, this.mallory)).isEqualTo(Memberships.Check.NOT_FOUND);
		}
		assertThat(this.lookUps).hasValue(1);

		this.clock.advance(TTL);
		assertThat(this.memberships.check(probe, this.mallory)).isEqualTo(Memberships.Check.NOT_FOUND);
		assertThat(this.lookUps).hasValue(2);
	}

	@Test
	void aMembershipEventForTheIdReplacesTheUnknownEntry() {
		UUID conversation = UUID.randomUUID();
		assertThat(this.memberships.check(conversation, this.mallory)).isEqualTo(Memberships.Check.NOT_FOUND);

		this.memberships.apply(
				new ConversationMembersChanged(UUID.randomUUID(), Instant.now(), conversation, 1, List.of("mallory")));

		assertThat(this.memberships.check(conversation, this.mallory)).isEqualTo(Memberships.Check.MEMBER);
		assertThat(this.lookUps).hasValue(1);
	}

}
