package chat.system.fault;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A system started by {@code deploy/local/chat up}, as the fault suite needs it: the
 * launcher's restart command, the pids of its components and where to reach it.
 */
public interface Target {

	/**
	 * Runs {@code deploy/local/chat up} with this stack's settings: starts every
	 * component that is not running and waits until all are ready.
	 */
	void up() throws Exception;

	/**
	 * The pid the launcher wrote for {@code component} ({@code message}, {@code edge},
	 * …).
	 */
	long pid(String component) throws IOException;

	/** The WebSocket URLs of the edge nodes, at least two. */
	List<String> edgeUrls();

	/** Base URL of the message service (REST history). */
	String messageServiceUrl();

	/** A fresh token for {@code user}. */
	String token(String user);

	/** A connection to the message service's database. */
	Connection database() throws SQLException;

}
