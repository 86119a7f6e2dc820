package chat.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import chat.contracts.client.ClientError;
import chat.contracts.client.MessageAck;
import chat.contracts.client.MessageCreatedFrame;
import chat.contracts.client.PresenceUpdatedFrame;
import chat.contracts.client.ReceiptFrame;
import chat.contracts.client.ReceiptUpdatedFrame;
import chat.contracts.client.TypingFrame;
import chat.contracts.client.TypingUpdatedFrame;
import chat.contracts.presence.NodeHeartbeat;
import chat.contracts.presence.PresenceChanged;
import chat.contracts.presence.SessionClosed;
import chat.contracts.presence.SessionOpened;
import chat.contracts.presence.SetTyping;
import chat.contracts.presence.TypingUpdated;
import chat.contracts.receipt.AdvanceReceipt;
import chat.contracts.receipt.ReceiptUpdated;
import chat.contracts.client.SendMessageFrame;
import chat.contracts.client.SessionNotice;
import chat.contracts.client.TokenRefreshFrame;
import chat.contracts.session.UserRevoked;
import chat.contracts.conversation.ConversationMembersChanged;
import chat.contracts.message.MessageCreated;
import chat.contracts.message.MessageRejected;
import chat.contracts.message.SendMessage;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every payload that crosses Kafka or the STOMP socket: the record serialises to exactly
 * its golden example, the example reads back to the same record, and the example
 * validates against its schema.
 */
class WireContractsUnitTests {

	static final UUID CONVERSATION = UUID.fromString("7d1c4e0a-3b5f-4c2e-9a61-2f0b8e4d9c11");

	static final UUID COMMAND = UUID.fromString("0f6c2d4e-8a1b-4c3d-9e5f-6a7b8c9d0e1f");

	static final UUID CLIENT_MESSAGE = UUID.fromString("5b2e7c90-1d3f-4a6b-8c9d-0e1f2a3b4c5d");

	static final UUID MESSAGE = UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");

	static final String TEXT = "Hello, Bob\nsee you at 10 <b>not bold</b>";

	static final Instant CREATED = Instant.parse("2026-11-26T10:15:30.187Z");

	static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			builder -> builder
				.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

	static Stream<Arguments> payloads() {
		MessageCreated created = new MessageCreated(MESSAGE, CONVERSATION, 42, "alice", CLIENT_MESSAGE, TEXT, CREATED);
		PresenceChanged presenceChanged = new PresenceChanged(uuid("e5f6a7b8-c9d0-4e1f-8a3b-4c5d6e7f8091"),
				Instant.parse("2026-11-26T10:05:05.200Z"), "alice", false, Instant.parse("2026-11-26T10:05:00.200Z"));
		TypingUpdated typingUpdated = new TypingUpdated(uuid("f6a7b8c9-d0e1-4f2a-9b4c-5d6e7f8091a2"),
				Instant.parse("2026-11-26T10:00:06.600Z"), CONVERSATION, List.of("bob", "alice"));
		ReceiptUpdated receiptUpdated = new ReceiptUpdated(uuid("1b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e"),
				Instant.parse("2026-11-26T10:01:00.050Z"), CONVERSATION, "bob", 5, 3);
		return Stream.of(
				Arguments.of("send-message", "send-message",
						new SendMessage(COMMAND, Instant.parse("2026-11-26T10:15:30.123Z"), CONVERSATION, "alice",
								CLIENT_MESSAGE, TEXT)),
				Arguments.of("message-created", "message-created", created),
				Arguments.of("message-rejected", "message-rejected",
						new MessageRejected(UUID.fromString("3c4d5e6f-7a8b-3c9d-8e0f-1a2b3c4d5e6f"),
								Instant.parse("2026-11-26T10:15:30.190Z"), COMMAND, CONVERSATION, "mallory",
								CLIENT_MESSAGE, ErrorCode.NOT_MEMBER, "sender is not a member of the conversation")),
				Arguments.of("conversation-members-changed", "conversation-members-changed",
						new ConversationMembersChanged(UUID.fromString("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"),
								Instant.parse("2026-11-26T10:00:00Z"), CONVERSATION, 2, List.of("bob", "alice"),
								List.of("alice"))),
				Arguments.of("send-message-frame", "send-message-frame",
						new SendMessageFrame(CLIENT_MESSAGE.toString(), "Hello, Bob")),
				Arguments.of("message-ack-accepted", "message-ack", MessageAck.accepted(created)),
				Arguments.of("message-ack-rejected", "message-ack",
						MessageAck.rejected(CLIENT_MESSAGE.toString(), CONVERSATION, ErrorCode.TOO_LONG,
								"text is longer than 1000 code points")),
				Arguments.of("message-ack-rate-limited", "message-ack",
						MessageAck.rejected(CLIENT_MESSAGE.toString(), CONVERSATION,
								new MessageAck.Error(ErrorCode.RATE_LIMITED,
										"too many sends; retry later with the same clientMessageId", 100L))),
				Arguments.of("session-notice", "session-notice",
						SessionNotice.tokenExpiring(Instant.parse("2026-11-26T11:00:00Z"))),
				Arguments.of("token-refresh-frame", "token-refresh-frame",
						new TokenRefreshFrame("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")),
				Arguments.of("user-revoked", "user-revoked",
						new UserRevoked(uuid("d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6"),
								Instant.parse("2026-11-26T10:20:00Z"), "mallory", Instant.parse("2026-11-26T10:20:00Z"),
								"admin")),
				Arguments.of("client-error", "client-error",
						new ClientError(ErrorCode.NOT_MEMBER, "not a member of this conversation",
								"/topic/conversations/" + CONVERSATION)),
				Arguments.of("message-created-frame", "message-created-frame", MessageCreatedFrame.of(created)),
				Arguments.of("session-opened", "session-opened",
						new SessionOpened(uuid("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"),
								Instant.parse("2026-11-26T10:00:00.100Z"), "alice", "s-1", "edge-1")),
				Arguments.of("session-closed", "session-closed",
						new SessionClosed(uuid("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"),
								Instant.parse("2026-11-26T10:05:00.200Z"), "alice", "s-1", "edge-1")),
				Arguments.of("node-heartbeat", "node-heartbeat",
						new NodeHeartbeat(uuid("c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f"),
								Instant.parse("2026-11-26T10:00:05Z"), "edge-1",
								List.of(new NodeHeartbeat.LiveSession("bob", "s-2"),
										new NodeHeartbeat.LiveSession("alice", "s-1")))),
				Arguments.of("set-typing", "set-typing",
						new SetTyping(uuid("d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f80"),
								Instant.parse("2026-11-26T10:00:06.500Z"), CONVERSATION, "alice", true)),
				Arguments.of("presence-changed", "presence-changed", presenceChanged),
				Arguments.of("typing-updated", "typing-updated", typingUpdated),
				Arguments.of("advance-receipt", "advance-receipt",
						new AdvanceReceipt(uuid("0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d"),
								Instant.parse("2026-11-26T10:01:00Z"), CONVERSATION, "bob", AdvanceReceipt.Kind.READ,
								3)),
				Arguments.of("receipt-updated", "receipt-updated", receiptUpdated),
				Arguments.of("typing-frame", "typing-frame", new TypingFrame(true)),
				Arguments.of("receipt-frame", "receipt-frame", new ReceiptFrame(3L)),
				Arguments.of("typing-updated-frame", "typing-updated-frame", TypingUpdatedFrame.of(typingUpdated)),
				Arguments.of("presence-updated-frame", "presence-updated-frame",
						PresenceUpdatedFrame.of(presenceChanged)),
				Arguments.of("receipt-updated-frame", "receipt-updated-frame", ReceiptUpdatedFrame.of(receiptUpdated)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void recordSerialisesToItsGoldenExample(String example, String schema, Object payload) throws IOException {
		JsonNode golden = read("examples/" + example + ".json");

		JsonNode serialised = ChatJson.mapper().readTree(ChatJson.mapper().writeValueAsString(payload));
		assertThat(serialised).isEqualTo(golden);
		assertThat(ChatJson.mapper().treeToValue(golden, payload.getClass())).isEqualTo(payload);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void goldenExampleValidatesAgainstItsSchema(String example, String schema, Object payload) throws IOException {
		List<Error> errors = schema(schema).validate(read("examples/" + example + ".json"));

		assertThat(errors).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void schemaRefusesTheExampleWithoutItsFirstRequiredField(String example, String schema, Object payload)
			throws IOException {
		ObjectNode broken = (ObjectNode) read("examples/" + example + ".json");
		String firstRequired = read("schemas/" + schema + ".schema.json").get("required").get(0).asString();
		broken.remove(firstRequired);

		assertThat(schema(schema).validate(broken)).isNotEmpty();
	}

	@ParameterizedTest(name = "{0}.{2}")
	@MethodSource("idFields")
	void schemaRefusesAnIdThatIsNotAUuid(String example, String schema, String idField) throws IOException {
		ObjectNode broken = (ObjectNode) read("examples/" + example + ".json");
		assertThat(broken.has(idField)).isTrue();
		broken.put(idField, "not-a-uuid");

		assertThat(schema(schema).validate(broken)).isNotEmpty();
	}

	static Stream<Arguments> idFields() {
		return Stream.of(Arguments.of("send-message", "send-message", "clientMessageId"),
				Arguments.of("message-created", "message-created", "messageId"),
				Arguments.of("message-rejected", "message-rejected", "conversationId"),
				Arguments.of("conversation-members-changed", "conversation-members-changed", "conversationId"),
				Arguments.of("send-message-frame", "send-message-frame", "clientMessageId"),
				Arguments.of("message-ack-accepted", "message-ack", "messageId"),
				Arguments.of("message-created-frame", "message-created-frame", "conversationId"),
				Arguments.of("session-opened", "session-opened", "eventId"),
				Arguments.of("session-closed", "session-closed", "eventId"),
				Arguments.of("node-heartbeat", "node-heartbeat", "eventId"),
				Arguments.of("set-typing", "set-typing", "conversationId"),
				Arguments.of("presence-changed", "presence-changed", "eventId"),
				Arguments.of("typing-updated", "typing-updated", "conversationId"),
				Arguments.of("advance-receipt", "advance-receipt", "conversationId"),
				Arguments.of("receipt-updated", "receipt-updated", "conversationId"),
				Arguments.of("typing-updated-frame", "typing-updated-frame", "conversationId"),
				Arguments.of("receipt-updated-frame", "receipt-updated-frame", "conversationId"),
				Arguments.of("user-revoked", "user-revoked", "eventId"));
	}

	static UUID uuid(String value) {
		return UUID.fromString(value);
	}

	static Schema schema(String name) throws IOException {
		try (InputStream in = resource("schemas/" + name + ".schema.json")) {
			return SCHEMAS.getSchema(in);
		}
	}

	static JsonNode read(String path) throws IOException {
		try (InputStream in = resource(path)) {
			return ChatJson.mapper().readTree(in);
		}
	}

	static InputStream resource(String path) {
		InputStream in = WireContractsUnitTests.class.getResourceAsStream("/chat/contracts/" + path);
		assertThat(in).as(path).isNotNull();
		return in;
	}

}
