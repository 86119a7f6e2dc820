package chat.benchmark.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's framework floor: a bare Spring Boot STOMP simple-broker app with the
 * edge's destinations and frame shapes and none of its work (no JWT, no Kafka, no
 * PostgreSQL, no membership, no rate limit). See {@link MessageRelay} for what its ack
 * means.
 */
@SpringBootApplication
public class SpringPeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(SpringPeerApplication.class, args);
	}

}
