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

	public static void main(String[] args) {
		SpringApplication.run(ConnectionServiceApplication.class, args);
	}

}
