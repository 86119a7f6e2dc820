package chat.message.outbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import chat.contracts.KafkaRecords;
import chat.contracts.Topics;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.testsupport.TopicReader;
import chat.message.IntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Membership changes reach chat.conversations.v1 through the transactional outbox. */
class OutboxIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void outboxEntryThatCannotBePublishedIsSetAsideAndLaterChangesStillGoOut() {
		String alice = user("alice");
		long unreadable = this.jdbc.sql("""
				INSERT INTO outbox (topic, event_type, payload, created_at)
				VALUES (:topic, :type, '{not json', now()) RETURNING id
				""")
			.param("topic", Topics.CONVERSATIONS)
			.param("type", ConversationMembersChanged.TYPE)
			.query(Long.class)
			.single();

		try (TopicReader conversations = read(Topics.CONVERSATIONS)) {
			UUID conversation = createConversation(alice);

			assertThat(conversations.awaitKey(conversation, 1)).hasSize(1);
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM outbox WHERE id = :id")
			.param("id", unreadable)
			.query(Long.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM outbox_dead_letters WHERE id = :id")
			.param("id", unreadable)
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void membershipChangesArePublishedWithIncreasingVersionsAndTheFullMemberList() {
		String alice = user("alice");
		String bob = user("bob");
		String carol = user("carol");

		try (TopicReader conversations = read(Topics.CONVERSATIONS)) {
			UUID conversation = createConversation(alice, bob);
			assertThat(
					api().post("/api/conversations/" + conversation + "/members", token(alice), Map.of("userId", carol))
						.status())
				.isEqualTo(200);
			assertThat(api().delete("/api/conversations/" + conversation + "/members/" + bob, token(alice)).status())
				.isEqualTo(204);

			List<ConsumerRecord<String, byte[]>> records = conversations.awaitKey(conversation, 3);
			List<ConversationMembersChanged> changes = records.stream()
				.map(record -> KafkaRecords.value(record, ConversationMembersChanged.class))
				.toList();
			assertThat(changes).map(ConversationMembersChanged::version).containsExactly(1L, 2L, 3L);
			assertThat(changes).map(ConversationMembersChanged::memberIds)
				.containsExactly(sorted(alice, bob), sorted(alice, bob, carol), sorted(alice, carol));
			assertThat(changes).map(ConversationMembersChanged::conversationId).containsOnly(conversation);
			assertThat(changes).map(ConversationMembersChanged::eventId).doesNotHaveDuplicates();
			for (int i = 0; i < records.size(); i++) {
				ConsumerRecord<String, byte[]> record = records.get(i);
				assertThat(KafkaRecords.header(record, KafkaRecords.CE_TYPE))
					.isEqualTo(ConversationMembersChanged.TYPE);
				assertThat(KafkaRecords.header(record, KafkaRecords.CE_ID))
					.isEqualTo(changes.get(i).eventId().toString());
				assertThat(KafkaRecords.header(record, KafkaRecords.CE_SOURCE)).isEqualTo("message-service");
				assertThat(KafkaRecords.header(record, "__TypeId__")).isNull();
			}
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outboxSize()).isZero());
	}

	@Test
	void changesThatChangeNothingPublishNothing() {
		String alice = user("alice");
		String bob = user("bob");

		try (TopicReader conversations = read(Topics.CONVERSATIONS)) {
			UUID conversation = createConversation(alice, bob);
			conversations.awaitKey(conversation, 1);
			assertThat(
					api().post("/api/conversations/" + conversation + "/members", token(alice), Map.of("userId", bob))
						.status())
				.isEqualTo(200);
			assertThat(api().delete("/api/conversations/" + conversation + "/members/" + user("nobody"), token(alice))
				.status()).isEqualTo(204);
			// a later real change is the fence: everything before it has been relayed by
			// then
			api().delete("/api/conversations/" + conversation + "/members/" + bob, token(alice));

			List<ConversationMembersChanged> changes = conversations.awaitKey(conversation, 2)
				.stream()
				.map(record -> KafkaRecords.value(record, ConversationMembersChanged.class))
				.toList();
			assertThat(changes).map(ConversationMembersChanged::version).containsExactly(1L, 2L);
			assertThat(changes.get(1).memberIds()).containsExactly(alice);
		}
	}

	@Test
	void refusedChangesLeaveNothingInTheOutbox() {
		String alice = user("alice");
		String mallory = user("mallory");
		UUID conversation = createConversation(alice);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outboxSize()).isZero());

		assertThat(
				api().post("/api/conversations/" + conversation + "/members", token(mallory), Map.of("userId", mallory))
					.status())
			.isEqualTo(403);
		assertThat(api().post("/api/conversations", token(alice), Map.of("memberIds", List.of(""))).status())
			.isEqualTo(400);

		assertThat(outboxSize()).isZero();
		assertThat(this.jdbc.sql("SELECT members_version FROM conversations WHERE id = :id")
			.param("id", conversation)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	/**
	 * Outbox ids are taken at insert but become visible at commit, so a smaller id can
	 * commit while a relay run is publishing larger ones. The run must delete only what
	 * it published, or that event is lost.
	 */
	@Test
	void eventCommittedWhileARelayRunPublishesIsNotLost() throws Exception {
		ConversationMembersChanged slow = changed();
		ConversationMembersChanged fast = changed();
		CountDownLatch slowInserted = new CountDownLatch(1);
		CountDownLatch slowMayCommit = new CountDownLatch(1);

		ExecutorService writers = Executors.newFixedThreadPool(2);
		try (TopicReader conversations = read(Topics.CONVERSATIONS)) {
			// a relay run, step by step, with the publishing left out
			this.transactions.executeWithoutResult(relayRun -> {
				// hold the relay lock, so the scheduled relay stays out of this run
				await().atMost(Duration.ofSeconds(10)).pollInSameThread().until(this.outbox::lockForRelay);
				CompletableFuture<Void> slowWriter = CompletableFuture
					.runAsync(() -> this.transactions.executeWithoutResult(tx -> {
						this.outbox.add(Topics.CONVERSATIONS, slow);
						slowInserted.countDown();
						awaitLatch(slowMayCommit);
					}), writers);
				awaitLatch(slowInserted);
				CompletableFuture
					.runAsync(() -> this.transactions
						.executeWithoutResult(tx -> this.outbox.add(Topics.CONVERSATIONS, fast)), writers)
					.join();

				List<Outbox.Entry> published = this.outbox.oldest(1000);
				assertThat(published).map(Outbox.Entry::payload)
					.anyMatch(payload -> payload.contains(fast.eventId().toString()))
					.noneMatch(payload -> payload.contains(slow.eventId().toString()));
				slowMayCommit.countDown();
				slowWriter.join();
				this.outbox.delete(published);
			});

			ConsumerRecord<String, byte[]> record = conversations.awaitKey(slow.conversationId(), 1).get(0);
			assertThat(KafkaRecords.value(record, ConversationMembersChanged.class)).isEqualTo(slow);
		}
		finally {
			slowMayCommit.countDown();
			writers.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(outboxSize()).isZero());
	}

	private long outboxSize() {
		return this.jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
	}

	private static ConversationMembersChanged changed() {
		return new ConversationMembersChanged(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
				UUID.randomUUID(), 1, List.of(user("someone")));
	}

	private static List<String> sorted(String... ids) {
		return Arrays.stream(ids).sorted().toList();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
