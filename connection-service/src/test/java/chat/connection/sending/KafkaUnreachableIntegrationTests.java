package chat.connection.sending;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import chat.connection.ConnectionServiceApplication;
import chat.connection.StompTestClient;
import chat.contracts.ErrorCode;
import chat.contracts.client.MessageAck;
import chat.devinfra.DevIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An edge whose Kafka is unreachable still answers every send: the producer gives up
 * within {@code max.block.ms} and the client gets INTERNAL ("unknown — retry with the
 * same clientMessageId"), instead of silence and a blocked thread.
 */
class KafkaUnreachableIntegrationTests {

	private static final DevIssuer ISSUER = DevIssuer.serving("http://issuer.unreachable.test", "chat");

	private static ConfigurableApplicationContext edge;

	@BeforeAll
	static void startEdgeWithoutKafka() {
		// Command-line arguments: they win over application.yml, as a deployment's
		// settings do.
		List<String> args = new ArrayList<>(List.of("server.port=0", "spring.kafka.bootstrap-servers=127.0.0.1:1",
				"spring.kafka.admin.auto-create=false", "chat.edge.message-service-url=http://127.0.0.1:1",
				"chat.edge.node-id=edge-no-kafka"));
		ISSUER.resourceServerProperties().forEach((name, value) -> args.add(name + "=" + value));
		edge = new SpringApplicationBuilder(ConnectionServiceApplication.class)
			.run(args.stream().map(arg -> "--" + arg).toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		edge.close();
		ISSUER.close();
	}

	@Test
	void sendIsAnsweredWithInternalWhenKafkaCannotTakeIt() {
		int port = ((WebServerApplicationContext) edge).getWebServer().getPort();
		String clientMessageId = UUID.randomUUID().toString();
		try (StompTestClient client = StompTestClient.connect("ws://127.0.0.1:" + port + "/ws",
				ISSUER.mint("alice", Duration.ofMinutes(5)))) {
			client.subscribeAcksAndErrors();

			client.sendMessage(UUID.randomUUID(), clientMessageId, "hello");

			await("INTERNAL ack").atMost(Duration.ofSeconds(30)).until(() -> !client.acks().isEmpty());
			assertThat(client.acks()).singleElement().satisfies(ack -> {
				assertThat(ack.status()).isEqualTo(MessageAck.Status.REJECTED);
				assertThat(ack.clientMessageId()).isEqualTo(clientMessageId);
				assertThat(ack.error().code()).isEqualTo(ErrorCode.INTERNAL);
			});
			assertThat(client.isConnected()).isTrue();
		}
	}

}
