package chat.connection;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The edge: STOMP over WebSocket in, Kafka commands out, Kafka events fanned out to
 * sessions.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConnectionServiceApplication {

	/**
	 * Tomcat's WebSocket output buffers (two per session, 8 KiB each by default; the
	 * system property must be set before Tomcat's WebSocket classes load). A message
	 * larger than one goes out as several WebSocket frames of one message.
	 */
	static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	public static void main(String[] args) {
		if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
			System.setProperty(WEBSOCKET_BUFFER_PROPERTY, "2048");
		}
		SpringApplication.run(ConnectionServiceApplication.class, args);
	}

}
