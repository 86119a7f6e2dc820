package chat.receipt;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Keeps every member's delivered and read watermarks per conversation, coalesces receipt
 * commands into few monotonic writes, publishes each change once, and answers receipts
 * and unread counts over REST.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReceiptServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReceiptServiceApplication.class, args);
	}

}
