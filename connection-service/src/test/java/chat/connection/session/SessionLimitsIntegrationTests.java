package chat.connection.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import chat.connection.EdgeIntegrationSupport;
import chat.connection.RawStompSocket;
import chat.connection.StompTestClient;
import chat.connection.platform.EdgeProperties;
import chat.contracts.ErrorCode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscriptions per session, sessions per user and the frame size are refused cleanly.
 */
class SessionLimitsIntegrationTests extends EdgeIntegrationSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	Connections connections;

	@Autowired
	WebServerApplicationContext web;

	@Autowired
	EdgeProperties properties;

	@Test
	void hundredAndFirstSubscriptionIsRefusedAndAnUnsubscribeMakesRoom() {
		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));
		socket.send(RawStompSocket.connectFrame("Bearer " + tokenFor(newUser("alice"))));
		socket.send("SUBSCRIBE\nid:errors\ndestination:/user/queue/errors\nreceipt:errors\n\n\0");
		for (int i = 1; i < 100; i++) {
			socket.send("SUBSCRIBE\nid:s" + i + "\ndestination:/user/queue/acks\nreceipt:r" + i + "\n\n\0");
		}
		await("100 receipts").atMost(TIMEOUT).until(() -> receipts(socket) == 100);

		socket.send("SUBSCRIBE\nid:s100\ndestination:/user/queue/acks\nreceipt:r100\n\n\0");

		await("error").atMost(TIMEOUT).until(() -> errorBodies(socket).size() == 1);
		assertThat(errorBodies(socket).get(0)).contains(ErrorCode.LIMIT_EXCEEDED.name());
		socket.send("UNSUBSCRIBE\nid:s1\n\n\0");
		socket.send("SUBSCRIBE\nid:s101\ndestination:/user/queue/acks\nreceipt:r101\n\n\0");
		await("receipt after unsubscribe").atMost(TIMEOUT).until(() -> receipts(socket) == 101);
		assertThat(socket.isClosed()).isFalse();
	}

	@Test
	void eleventhSessionOfAUserIsRefusedWithLimitExceeded() {
		String alice = newUser("alice");
		for (int i = 0; i < 10; i++) {
			connect(alice);
		}
		RawStompSocket eleventh = closeAfterTest(RawStompSocket.open(wsUrl()));

		eleventh.send(RawStompSocket.connectFrame("Bearer " + tokenFor(alice)));

		await("close").atMost(TIMEOUT).until(eleventh::isClosed);
		assertThat(eleventh.frames()).anySatisfy(frame -> {
			assertThat(frame.command()).isEqualTo("ERROR");
			assertThat(frame.headers()).containsEntry("message", ErrorCode.LIMIT_EXCEEDED.name());
		});
		StompTestClient otherUser = connectWithQueues(newUser("bob"));
		assertThat(otherUser.isConnected()).isTrue();
	}

	@Test
	void frameLargerThanTheLimitClosesTheSocketAndOneJustBelowIsAnswered() {
		String alice = newUser("alice");
		StompTestClient client = connectWithQueues(alice);
		client.send("/app/conversations/" + conversationOf(alice) + "/messages",
				"{\"clientMessageId\":\"5b2e7c90-1d3f-4a6b-8c9d-0e1f2a3b4c5d\",\"text\":\"" + "x".repeat(60_000)
						+ "\"}");
		await("TOO_LONG").atMost(TIMEOUT).until(() -> !client.acks().isEmpty());
		assertThat(client.acks().get(0).error().code()).isEqualTo(ErrorCode.TOO_LONG);

		RawStompSocket socket = closeAfterTest(RawStompSocket.open(wsUrl()));
		socket.send(RawStompSocket.connectFrame("Bearer " + tokenFor(alice)));
		socket.send("SEND\ndestination:/app/conversations/x/messages\n\n" + "x".repeat(70 * 1024) + "\0");

		await("close").atMost(TIMEOUT).until(socket::isClosed);
		assertThat(socket.closed().status().getCode()).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
	}

	/**
	 * Spring's STOMP handler raises each session's container text buffer to 16 KiB of
	 * chars; the edge sets it back to {@link StompConfig#CONTAINER_BUFFER}, and larger
	 * frames (the 60,000 characters above) arrive in parts.
	 */
	@Test
	void aConnectedSessionKeepsTheSmallContainerBuffer() {
		StompTestClient client = connectWithQueues(newUser("alice"));
		assertThat(client.isConnected()).isTrue();

		assertThat(this.connections.sockets()).isNotEmpty()
			.allSatisfy(socket -> assertThat(socket.getTextMessageSizeLimit()).isEqualTo(StompConfig.CONTAINER_BUFFER));
	}

	/**
	 * Tomcat serves more connections than the session limit (its default, 8,192, would
	 * leave handshakes beyond it unanswered instead of refused with 503), through small
	 * socket buffers.
	 */
	@Test
	void tomcatServesMoreConnectionsThanTheSessionLimitThroughSmallBuffers() {
		org.apache.catalina.connector.Connector connector = ((TomcatWebServer) this.web.getWebServer()).getTomcat()
			.getConnector();

		assertThat(connector.getProperty("maxConnections"))
			.isEqualTo(this.properties.limits().maxSessions() + StompConfig.CONNECTIONS_ABOVE_SESSIONS);
		assertThat(connector.getProperty("socket.appReadBufSize"))
			.hasToString(String.valueOf(StompConfig.SOCKET_BUFFER));
		assertThat(connector.getProperty("socket.appWriteBufSize"))
			.hasToString(String.valueOf(StompConfig.SOCKET_BUFFER));
	}

	private static long receipts(RawStompSocket socket) {
		return socket.frames().stream().filter(frame -> frame.command().equals("RECEIPT")).count();
	}

	private static List<String> errorBodies(RawStompSocket socket) {
		List<String> bodies = new ArrayList<>();
		socket.frames()
			.stream()
			.filter(frame -> frame.command().equals("MESSAGE")
					&& frame.headers().getOrDefault("destination", "").endsWith("/queue/errors"))
			.forEach(frame -> bodies.add(frame.body()));
		return bodies;
	}

}
