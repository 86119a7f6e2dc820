package chat.connection.sending;

import java.time.Duration;
import java.util.UUID;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.MessageAck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every malformed frame gets an answer — an INVALID ack for a send, an INVALID error for
 * a signal — never silence, and the session stays open.
 */
class BadFramesIntegrationTests extends EdgeIntegrationSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@ParameterizedTest
	@ValueSource(strings = { "null", "[]", "42", "\"text\"", "true", "{}", "{\"clientMessageId\":null}",
			"{\"clientMessageId\":[1],\"text\":\"hi\"}", "{\"clientMessageId\":{},\"text\":\"hi\"}",
			"{\"text\":\"no id\"}", "{", "", "{\"clientMessageId\":\"not-a-uuid\",\"text\":\"hi\"}" })
	void malformedSendGetsAnInvalidAck(String body) {
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);

		client.send("/app/conversations/" + conversationId + "/messages", body);

		await("ack").atMost(TIMEOUT).until(() -> !client.acks().isEmpty());
		assertThat(client.acks()).singleElement().satisfies(ack -> {
			assertThat(ack.status()).isEqualTo(MessageAck.Status.REJECTED);
			assertThat(ack.error().code()).isEqualTo(ErrorCode.INVALID);
		});
		assertThat(client.isConnected()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "typing:null", "typing:[]", "typing:{\"typing\":null}", "typing:{\"typing\":[true]}",
			"read:null", "read:42", "read:{\"upToSeq\":\"x\"}", "read:{\"upToSeq\":-1}", "delivered:{}",
			"delivered:[1]" })
	void malformedSignalGetsAnInvalidError(String signalAndBody) {
		String signal = signalAndBody.substring(0, signalAndBody.indexOf(':'));
		String body = signalAndBody.substring(signalAndBody.indexOf(':') + 1);
		String alice = newUser("alice");
		UUID conversationId = conversationOf(alice);
		StompTestClient client = connectWithQueues(alice);

		client.send(StompTestClient.signal(conversationId, signal), body);

		await("error").atMost(TIMEOUT).until(() -> !client.errors().isEmpty());
		assertThat(client.errors()).singleElement()
			.satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID));
		assertThat(client.isConnected()).isTrue();
	}

}
