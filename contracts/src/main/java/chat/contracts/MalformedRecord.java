package chat.contracts;

/**
 * A Kafka record whose value is not the JSON its topic carries: a poison record for the
 * dead-letter topic.
 */
public class MalformedRecord extends RuntimeException {

	public MalformedRecord(String topic, int partition, long offset, Throwable cause) {
		super("Malformed record at " + topic + "-" + partition + "@" + offset, cause);
	}

}
