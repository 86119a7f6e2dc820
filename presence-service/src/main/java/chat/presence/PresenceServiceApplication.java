package chat.presence;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tells who is online (across devices and edge nodes) and who is typing, from the edge's
 * session events, node heartbeats and typing commands. One active instance per deployment
 * (ADR 6).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PresenceServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(PresenceServiceApplication.class, args);
	}

}
