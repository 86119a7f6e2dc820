package chat.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the message service in the middle of a stream of 1,000 sends, then a
 * restart with the launcher: nothing acked is lost, nothing is stored twice, and seqs
 * stay gap-free.
 */
@ExtendWith(SystemStack.class)
class CrashRecoverySystemTest {

	static final int SENDS = 1000;

	final SystemStack stack = SystemStack.get();

	final MessagingSystemTest rest = new MessagingSystemTest();

	@Test
	void killingTheMessageServiceMidStreamLosesNoAckedMessageAndStoresNothingTwice() throws Exception {
		String conversation = this.rest.createConversation("crash-sender", "crash-reader");
		String acks = "/user/queue/acks";
		Map<UUID, String> texts = new LinkedHashMap<>();
		for (int i = 0; i < SENDS; i++) {
			texts.put(UUID.randomUUID(), "crash " + i);
		}
		List<UUID> ids = List.copyOf(texts.keySet());

		try (StompTestClient sender = StompTestClient.connect(this.stack.edgeUrl(), this.stack.token("crash-sender"))) {
			sender.subscribe(acks);
			for (int i = 0; i < SENDS / 2; i++) {
				sender.send(MessagingSystemTest.send(conversation), body(ids.get(i), texts));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> sender.frames(acks).size() >= SENDS / 10);

			new ProcessBuilder("kill", "-9", String.valueOf(this.stack.pid("message"))).start().waitFor();
			for (int i = SENDS / 2; i < SENDS; i++) {
				sender.send(MessagingSystemTest.send(conversation), body(ids.get(i), texts));
			}
			Map<UUID, JsonNode> ackedBeforeRestart = accepted(sender.bodies(acks));
			this.stack.launcher("up");

			// Like a real client: resend what is still unacked, with the same ids, until
			// all are acked.
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(3)).until(() -> {
				Set<UUID> acked = accepted(sender.bodies(acks)).keySet();
				ids.stream()
					.filter(id -> !acked.contains(id))
					.forEach(id -> sender.send(MessagingSystemTest.send(conversation), body(id, texts)));
				return acked.size() == SENDS;
			});

			Map<UUID, Long> stored = storedSeqs(conversation);
			assertThat(stored).hasSize(SENDS).containsOnlyKeys(ids);
			assertThat(stored.values().stream().sorted().toList())
				.containsExactlyElementsOf(LongStream.rangeClosed(1, SENDS).boxed().toList());
			ackedBeforeRestart.forEach((id, ack) -> assertThat(stored.get(id)).as("acked before the crash: %s", id)
				.isEqualTo(ack.get("seq").asLong()));
			accepted(sender.bodies(acks))
				.forEach((id, ack) -> assertThat(stored.get(id)).isEqualTo(ack.get("seq").asLong()));
			assertThat(sender.bodies(acks))
				.allSatisfy(ack -> assertThat(stored.get(UUID.fromString(ack.get("clientMessageId").asString())))
					.isEqualTo(ack.get("seq").asLong()));
		}
	}

	static Map<String, String> body(UUID id, Map<UUID, String> texts) {
		return Map.of("clientMessageId", id.toString(), "text", texts.get(id));
	}

	static Map<UUID, JsonNode> accepted(List<JsonNode> acks) {
		Map<UUID, JsonNode> byId = new HashMap<>();
		acks.stream()
			.filter(ack -> "ACCEPTED".equals(ack.get("status").asString()))
			.forEach(ack -> byId.putIfAbsent(UUID.fromString(ack.get("clientMessageId").asString()), ack));
		return byId;
	}

	Map<UUID, Long> storedSeqs(String conversation) throws Exception {
		try (Connection db = this.stack.database();
				PreparedStatement query = db
					.prepareStatement("SELECT client_message_id, seq FROM messages WHERE conversation_id = ?")) {
			query.setObject(1, UUID.fromString(conversation));
			try (ResultSet rows = query.executeQuery()) {
				Map<UUID, Long> stored = new HashMap<>();
				while (rows.next()) {
					Long previous = stored.put(rows.getObject(1, UUID.class), rows.getLong(2));
					assertThat(previous).as("stored twice").isNull();
				}
				return stored;
			}
		}
	}

}
