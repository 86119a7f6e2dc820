package chat.connection.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.RawStompSocket;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.ClientError;
import chat.contracts.client.ConversationEvents;
import chat.contracts.message.MessageCreated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only CONNECT/STOMP, SEND, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT and heart-beats are
 * accepted from a client. Any other command, to any destination, gets an ERROR frame and
 * the socket is closed, and nothing of it reaches another session.
 */
class InboundCommandAllowListIntegrationTests extends EdgeIntegrationSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String FORGED = "FORGED-" + UUID.randomUUID();

	static Stream<Arguments> forbiddenCommandsAndDestinationFamilies() {
		return Stream.of("MESSAGE", "RECEIPT", "ERROR", "CONNECTED", "ACK", "NACK", "BEGIN", "COMMIT", "ABORT")
			.flatMap(command -> Stream.of("conversation-topic", "user-queue", "resolved-user-queue", "app")
				.map(family -> Arguments.of(command, family)));
	}

	@ParameterizedTest(name = "{0} to {1}")
	@MethodSource("forbiddenCommandsAndDestinationFamilies")
	void forbiddenCommandGetsErrorAndCloseAndReachesNoOne(String command, String family) {
		String mallory = newUser("mallory");
		String bob = newUser("bob");
		UUID conversationId = conversationOf(bob, mallory);
		StompTestClient bobClient = connectWithQueues(bob);
		bobClient.subscribeConversation(conversationId);
		String destination = switch (family) {
			case "conversation-topic" -> ConversationEvents.topic(conversationId);
			case "user-queue" -> "/user/" + bob + "/queue/acks";
			case "resolved-user-queue" -> "/queue/acks-user" + bob;
			default -> "/app/conversations/" + conversationId + "/messages";
		};
		RawStompSocket socket = closeAfterTest(connectedRawSocket(mallory));

		socket.send(command + "\ndestination:" + destination + "\nsubscription:1\nmessage-id:1\nreceipt-id:1\n"
				+ "content-type:application/json\n\n{\"type\":\"message.created\",\"seq\":1,\"senderId\":\"" + bob
				+ "\",\"text\":\"" + FORGED + "\",\"status\":\"ACCEPTED\"}\0");

		await("ERROR and close").atMost(TIMEOUT).until(socket::isClosed);
		assertThat(socket.frames()).anySatisfy(frame -> {
			assertThat(frame.command()).isEqualTo("ERROR");
			assertThat(frame.headers()).containsEntry("message", ErrorCode.INVALID.name());
		});
		assertNothingForgedReached(bobClient, conversationId, bob);
	}

	@Test
	void unknownCommandGetsErrorAndClose() {
		RawStompSocket socket = closeAfterTest(connectedRawSocket(newUser("mallory")));

		socket.send("SHOUT\ndestination:/topic/x\n\nhi\0");

		await("close").atMost(TIMEOUT).until(socket::isClosed);
		assertThat(socket.frames()).anySatisfy(frame -> assertThat(frame.command()).isEqualTo("ERROR"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "SEND\ndestination:/app/conversations/00000000-0000-0000-0000-000000000000/messages\n\n{}\0",
					"SUBSCRIBE\nid:1\ndestination:/user/queue/acks\n\n\0", "UNSUBSCRIBE\nid:1\n\n\0",
					"MESSAGE\ndestination:/topic/conversations/x\nmessage-id:1\nsubscription:1\n\n{}\0" })
	void frameBeforeConnectClosesTheSocket(String frame) {
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));

		socket.send(frame);

		await("close").atMost(TIMEOUT).until(socket::isClosed);
		assertThat(socket.frames()).anySatisfy(received -> assertThat(received.command()).isEqualTo("ERROR"));
	}

	@Test
	void secondConnectClosesTheSocket() {
		String mallory = newUser("mallory");
		RawStompSocket socket = closeAfterTest(connectedRawSocket(mallory));

		socket.send(RawStompSocket.connectFrame("Bearer " + tokenFor(newUser("alice"))));

		// Spring's STOMP handler refuses it before the guard does ("Session already
		// exists"); either way: ERROR, then the socket is closed.
		await("close").atMost(TIMEOUT).until(socket::isClosed);
		assertThat(socket.frames()).anySatisfy(frame -> assertThat(frame.command()).isEqualTo("ERROR"));
	}

	@Test
	void sendToAnAppDestinationNoControllerHandlesIsAnsweredWithNotFound() {
		StompTestClient client = connectWithQueues(newUser("alice"));

		client.send("/app/admin/everything", "{}");

		await("error").atMost(TIMEOUT).until(() -> !client.errors().isEmpty());
		assertThat(client.errors()).singleElement()
			.isEqualTo(new ClientError(ErrorCode.NOT_FOUND, "no such destination", "/app/admin/everything"));
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void selectorHeaderOnSubscribeIsNeverEvaluated() {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		RawStompSocket socket = closeAfterTest(connectedRawSocket(alice));
		// Were it evaluated, this selector would filter out every message (or run code).
		socket.send("SUBSCRIBE\nid:1\ndestination:" + ConversationEvents.topic(conversationId)
				+ "\nselector:headers['nothing'] == 'matches'\nreceipt:r1\n\n\0");
		await("receipt").atMost(TIMEOUT)
			.until(() -> socket.frames().stream().anyMatch(frame -> frame.command().equals("RECEIPT")));

		publish(new MessageCreated(UUID.randomUUID(), conversationId, 1, alice, UUID.randomUUID(), "hello",
				Instant.now().truncatedTo(ChronoUnit.MILLIS)));

		await("message").atMost(KAFKA_TIMEOUT)
			.until(() -> socket.frames().stream().anyMatch(frame -> frame.command().equals("MESSAGE")));
	}

	private RawStompSocket connectedRawSocket(String user) {
		RawStompSocket socket = RawStompSocket.open(wsUrl());
		socket.send(RawStompSocket.connectFrame("Bearer " + tokenFor(user)));
		await("CONNECTED").atMost(TIMEOUT)
			.until(() -> socket.frames().stream().anyMatch(frame -> frame.command().equals("CONNECTED")));
		return socket;
	}

	/**
	 * A real event after the forged frame: once bob has it, anything forged would have
	 * arrived before it.
	 */
	private void assertNothingForgedReached(StompTestClient bobClient, UUID conversationId, String bob) {
		MessageCreated real = new MessageCreated(UUID.randomUUID(), conversationId, 1, bob, UUID.randomUUID(), "real",
				Instant.now().truncatedTo(ChronoUnit.MILLIS));
		publish(real);
		await("real message").atMost(KAFKA_TIMEOUT).until(() -> !bobClient.messagesCreated(conversationId).isEmpty());
		assertThat(bobClient.conversation(conversationId))
			.noneSatisfy(frame -> assertThat(frame.body().toString()).contains(FORGED));
		assertThat(bobClient.frames("/user" + ConversationEvents.ACKS))
			.noneSatisfy(frame -> assertThat(frame.body().toString()).contains(FORGED));
		assertThat(bobClient.errors()).isEmpty();
	}

}
