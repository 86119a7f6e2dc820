package chat.system;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import chat.client.ChatClient;
import chat.client.ConnectionState;
import chat.client.Conversation;
import chat.client.Message;
import chat.client.MessageStatus;
import chat.client.SendHandle;
import chat.client.SendResult;
import chat.client.TokenSupplier;
import chat.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java SDK ({@code clients/java}) against the launched system over real sockets:
 * sends and acks, idempotent resends, message states up to read between two users, typing
 * and presence, a dropped socket and a token that expires mid-session.
 */
@ExtendWith(SystemStack.class)
class ChatClientSystemTest {

	static final Duration WAIT = Duration.ofSeconds(30);

	final SystemStack stack = SystemStack.get();

	static List<Long> seqs(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

	static UUID create(ChatClient client, String... members) {
		return client.createConversation("sdk", List.of(members))
			.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
			.join()
			.id();
	}

	static void awaitConnected(ChatClient client) {
		await().atMost(WAIT).until(() -> client.state() instanceof ConnectionState.Connected);
	}

	@Test
	void sentMessagesAreAckedInOrderReachTheOtherMemberOnceAndGoSentDeliveredRead() {
		try (SdkClients sdk = new SdkClients(this.stack)) {
			ChatClient alice = sdk.client("sdk-alice");
			ChatClient bob = sdk.client("sdk-bob");
			alice.connect();
			bob.connect();
			awaitConnected(alice);
			awaitConnected(bob);
			UUID cid = create(alice, "sdk-bob");
			Conversation aliceChat = alice.conversation(cid);
			Conversation bobChat = bob.conversation(cid);
			List<Message> bobGot = new CopyOnWriteArrayList<>();
			bobChat.onMessage(bobGot::add);
			await().atMost(WAIT).until(() -> bobChat.snapshot().online().contains("sdk-alice"));

			List<SendHandle> sent = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				sent.add(aliceChat.send("hello " + i));
			}

			List<Long> acked = sent.stream()
				.map(s -> s.result().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join().seq())
				.toList();
			assertThat(acked).containsExactlyElementsOf(seqs(1, 20));
			await().atMost(WAIT).until(() -> bobGot.size() >= 20);
			assertThat(bobGot).extracting(Message::seq).containsExactlyElementsOf(seqs(1, 20));
			assertThat(bobGot).extracting(Message::text).startsWith("hello 0", "hello 1");
			assertThat(bobGot).extracting(Message::senderId).containsOnly("sdk-alice");

			// bob's client reports delivered on its own; read when the app says so
			await().atMost(WAIT)
				.until(() -> aliceChat.snapshot()
					.messages()
					.stream()
					.allMatch(m -> m.status() == MessageStatus.DELIVERED));
			bobChat.markRead();
			await().atMost(WAIT)
				.until(() -> aliceChat.snapshot().messages().stream().allMatch(m -> m.status() == MessageStatus.READ));
			assertThat(aliceChat.snapshot().messages()).hasSize(20);
			assertThat(bobChat.snapshot().messages()).extracting(Message::status).containsOnly(MessageStatus.RECEIVED);

			bobChat.typing();
			await().atMost(WAIT).until(() -> aliceChat.snapshot().typing().contains("sdk-bob"));
			bobChat.send("done typing");
			await().atMost(WAIT).until(() -> aliceChat.snapshot().typing().isEmpty());
			// bob's first message made him a participant: from then on alice sees his
			// presence (ADR 10)
			await().atMost(WAIT).until(() -> aliceChat.snapshot().online().contains("sdk-bob"));
		}
	}

	@Test
	void aResendWithTheSameIdFromAnotherClientReturnsTheSameSeqAndStoresOnce() throws Exception {
		try (SdkClients sdk = new SdkClients(this.stack)) {
			ChatClient first = sdk.client("sdk-carol");
			first.connect();
			awaitConnected(first);
			UUID cid = create(first, "sdk-dave");
			UUID id = UUID.randomUUID();
			SendResult original = first.conversation(cid)
				.send(id, "only once")
				.result()
				.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
				.join();
			first.conversation(cid)
				.send("after it")
				.result()
				.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
				.join();

			ChatClient second = sdk.client("sdk-carol");
			second.connect();
			SendResult again = second.conversation(cid)
				.send(id, "only once")
				.result()
				.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
				.join();

			assertThat(again).isEqualTo(original);
			assertThat(rows(cid, id)).isEqualTo(1);
			await().atMost(WAIT)
				.until(() -> second.conversation(cid).snapshot().messages().stream().map(Message::seq).toList(),
						s -> s.equals(List.of(1L, 2L)));
		}
	}

	@Test
	void afterADroppedSocketTheClientReconnectsCatchesUpOnceInOrderAndFlushesWhatWasQueued() throws Exception {
		try (SdkClients sdk = new SdkClients(this.stack);
				TcpProxy proxy = TcpProxy.to("127.0.0.1", SystemStack.EDGE_PORT)) {
			ChatClient alice = sdk.client("sdk-erin");
			ChatClient bob = sdk.client("sdk-frank", URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
					reason -> sdk.token("sdk-frank", Duration.ofHours(1)));
			List<ConnectionState> bobStates = new CopyOnWriteArrayList<>();
			bob.addStateListener(bobStates::add);
			alice.connect();
			bob.connect();
			awaitConnected(alice);
			awaitConnected(bob);
			UUID cid = create(alice, "sdk-frank");
			Conversation aliceChat = alice.conversation(cid);
			Conversation bobChat = bob.conversation(cid);
			List<Long> bobGot = new CopyOnWriteArrayList<>();
			bobChat.onMessage(m -> bobGot.add(m.seq()));
			for (int i = 0; i < 5; i++) {
				aliceChat.send("before " + i);
			}
			await().atMost(WAIT).until(() -> bobGot.size() == 5);

			proxy.cut();
			await().atMost(WAIT).until(() -> bob.state() instanceof ConnectionState.Reconnecting);
			SendHandle queued = bobChat.send("sent while the socket was down");
			List<SendHandle> during = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				during.add(aliceChat.send("during " + i));
			}
			during.forEach(s -> s.result().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
			assertThat(bobChat.snapshot().message(queued.clientMessageId()).status()).isEqualTo(MessageStatus.SENDING);
			proxy.restore();

			assertThat(queued.result().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join().seq()).isEqualTo(36);
			await().atMost(WAIT).until(() -> bobGot.size() >= 36);
			assertThat(bobGot).containsExactlyElementsOf(seqs(1, 36));
			assertThat(bobStates).extracting(ConnectionState::status)
				.containsSubsequence(ConnectionState.Status.CONNECTED, ConnectionState.Status.RECONNECTING,
						ConnectionState.Status.CONNECTING, ConnectionState.Status.CONNECTED);
			await().atMost(WAIT).until(() -> aliceChat.snapshot().lastSeq() == 36);
			assertThat(aliceChat.snapshot().messages()).extracting(Message::seq).containsExactlyElementsOf(seqs(1, 36));
			assertThat(rows(cid, queued.clientMessageId())).isEqualTo(1);
		}
	}

	@Test
	void aTokenThatExpiresMidSessionIsReplacedOnceAndNothingIsMissed() {
		try (SdkClients sdk = new SdkClients(this.stack)) {
			List<TokenSupplier.Reason> reasons = new CopyOnWriteArrayList<>();
			// The first token lives 20 s; this supplier refuses to refresh in band, so
			// the
			// server ends the session with TOKEN_EXPIRED.
			ChatClient bob = sdk.client("sdk-grace", URI.create(this.stack.edgeUrl()), reason -> {
				reasons.add(reason);
				if (reason == TokenSupplier.Reason.EXPIRING) {
					throw new IllegalStateException("no in-band refresh in this test");
				}
				return sdk.token("sdk-grace", reasons.size() == 1 ? Duration.ofSeconds(20) : Duration.ofHours(1));
			});
			ChatClient alice = sdk.client("sdk-heidi");
			alice.connect();
			awaitConnected(alice);
			UUID cid = create(alice, "sdk-grace");
			Conversation bobChat = bob.conversation(cid);
			List<Long> bobGot = new CopyOnWriteArrayList<>();
			bobChat.onMessage(m -> bobGot.add(m.seq()));
			List<ConnectionState> states = new CopyOnWriteArrayList<>();
			bob.addStateListener(states::add);
			bob.connect();
			awaitConnected(bob);
			Conversation aliceChat = alice.conversation(cid);
			aliceChat.send("one").result().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();

			await().atMost(Duration.ofSeconds(60)).until(() -> reasons.contains(TokenSupplier.Reason.EXPIRED));
			List<SendHandle> after = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				after.add(aliceChat.send("after " + i));
			}
			after.forEach(s -> s.result().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());
			SendHandle fromBob = bobChat.send("bob after the refresh");

			assertThat(fromBob.result().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join().seq()).isEqualTo(7);
			await().atMost(WAIT).until(() -> bobGot.size() >= 7);
			assertThat(bobGot).containsExactlyElementsOf(seqs(1, 7));
			assertThat(reasons).filteredOn(r -> r == TokenSupplier.Reason.EXPIRED).hasSize(1);
			assertThat(states).extracting(ConnectionState::status).doesNotContain(ConnectionState.Status.ERROR);
			assertThat(bob.state()).isInstanceOf(ConnectionState.Connected.class);
		}
	}

	@Test
	void aTokenWarningIsAnsweredInBandAndTheSessionGoesOnWithoutAReconnect() {
		try (SdkClients sdk = new SdkClients(this.stack)) {
			List<TokenSupplier.Reason> reasons = new CopyOnWriteArrayList<>();
			// 75 s: the refresh is due 60 s before exp, about 15 s after CONNECT.
			ChatClient ivan = sdk.client("sdk-ivan", URI.create(this.stack.edgeUrl()), reason -> {
				reasons.add(reason);
				return sdk.token("sdk-ivan", reasons.size() == 1 ? Duration.ofSeconds(75) : Duration.ofHours(2));
			});
			List<ConnectionState> states = new CopyOnWriteArrayList<>();
			ivan.addStateListener(states::add);
			ivan.connect();
			awaitConnected(ivan);
			java.time.Instant first = ivan.sessionExpiresAt();

			await().atMost(WAIT)
				.until(() -> ivan.sessionExpiresAt() != null
						&& ivan.sessionExpiresAt().isAfter(first.plusSeconds(3600)));

			assertThat(reasons).containsExactly(TokenSupplier.Reason.CONNECT, TokenSupplier.Reason.EXPIRING);
			assertThat(states).extracting(ConnectionState::status)
				.containsExactly(ConnectionState.Status.IDLE, ConnectionState.Status.CONNECTING,
						ConnectionState.Status.CONNECTED);
		}
	}

	long rows(UUID conversation, UUID clientMessageId) throws Exception {
		try (Connection db = this.stack.database();
				PreparedStatement query = db.prepareStatement(
						"SELECT count(*) FROM messages WHERE conversation_id = ? AND client_message_id = ?")) {
			query.setObject(1, conversation);
			query.setObject(2, clientMessageId);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
