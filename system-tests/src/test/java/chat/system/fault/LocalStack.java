package chat.system.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import chat.testsupport.TcpProxy;

/**
 * The full fault suite's own system, started with {@code deploy/local/chat up} on ports
 * of its own (47xxx) and with its run folder in {@code system-tests/target/fault-run}:
 * two edge nodes, and the message service reaching PostgreSQL through a {@link TcpProxy}
 * so that the suite can partition them.
 */
final class LocalStack implements Target, AutoCloseable {

	static final int KAFKA_PORT = 47092;

	static final int PG_PORT = 47432;

	static final int PG_PROXY_PORT = 47433;

	static final int ISSUER_PORT = 47000;

	static final int MESSAGE_PORT = 47081;

	static final int PRESENCE_PORT = 47082;

	static final int RECEIPT_PORT = 47083;

	static final int EDGE_PORT = 47080;

	static final int EDGE2_PORT = 47090;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path root;

	private final Path runDir;

	final TcpProxy databaseProxy;

	LocalStack() throws IOException {
		this.root = Path.of(System.getProperty("chat.project.root", "..")).toAbsolutePath().normalize();
		this.runDir = this.root.resolve("system-tests/target/fault-run");
		this.databaseProxy = TcpProxy.on(PG_PROXY_PORT, "127.0.0.1", PG_PORT);
	}

	/**
	 * Kafka, PostgreSQL and the issuer first (the embedded server), then everything else
	 * with the message service's database URL on the proxy; both are no-ops for running
	 * components, so this is also the restart command.
	 */
	@Override
	public void up() throws Exception {
		Map<String, String> infrastructure = new HashMap<>();
		infrastructure.put("CHAT_DB_URL", "");
		infrastructure.put("CHAT_ONLY", "kafka,postgres,issuer");
		launcher(infrastructure, "up");
		String direct = "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/";
		launcher(Map.of("CHAT_DB_URL", "jdbc:postgresql://127.0.0.1:" + PG_PROXY_PORT + "/chat_message",
				"CHAT_PRESENCE_DB_URL", direct + "chat_presence", "CHAT_RECEIPT_DB_URL", direct + "chat_receipt"),
				"up");
	}

	@Override
	public void close() throws Exception {
		try {
			launcher(Map.of("CHAT_DB_URL", ""), "down");
		}
		finally {
			this.databaseProxy.close();
		}
	}

	String launcher(Map<String, String> extra, String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of("bash", this.root.resolve("deploy/local/chat").toString()));
		line.addAll(List.of(command));
		ProcessBuilder builder = new ProcessBuilder(line).directory(this.root.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment());
		builder.environment().putAll(extra);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException("chat " + String.join(" ", command) + " failed:\n" + output);
		}
		return output;
	}

	private Map<String, String> environment() {
		Map<String, String> env = new HashMap<>();
		env.put("CHAT_RUN_DIR", this.runDir.toString());
		env.put("CHAT_SKIP_BUILD", "1");
		// A loaded machine may need minutes to start a service.
		env.put("CHAT_START_TIMEOUT", "600");
		env.put("KAFKA_PORT", String.valueOf(KAFKA_PORT));
		env.put("PG_PORT", String.valueOf(PG_PORT));
		env.put("ISSUER_PORT", String.valueOf(ISSUER_PORT));
		env.put("MESSAGE_PORT", String.valueOf(MESSAGE_PORT));
		env.put("EDGE_PORT", String.valueOf(EDGE_PORT));
		env.put("EDGE2_PORT", String.valueOf(EDGE2_PORT));
		env.put("PRESENCE_PORT", String.valueOf(PRESENCE_PORT));
		env.put("RECEIPT_PORT", String.valueOf(RECEIPT_PORT));
		// The load's users send a few messages a second each; the suite measures faults,
		// not the rate limiter.
		env.put("CHAT_EDGE_SENDRATEPERSECOND", "1000");
		env.put("CHAT_EDGE_SENDBURST", "1000");
		env.put("CHAT_MESSAGE_FAULT_CRASHAFTERCOMMITTRIGGER", crashTrigger().toString());
		env.put("CHAT_WEB", "0");
		return env;
	}

	/** The file that arms the message service's crash-after-commit hook. */
	Path crashTrigger() {
		return this.runDir.resolve("crash-after-commit");
	}

	/** The Kafka jars the launcher fetched (for the console producer). */
	Path kafkaLibs() {
		return this.runDir.resolve("kafka-libs");
	}

	@Override
	public long pid(String component) throws IOException {
		return Long.parseLong(Files.readString(this.runDir.resolve("pids/" + component + ".pid")).trim());
	}

	@Override
	public List<String> edgeUrls() {
		return List.of("ws://127.0.0.1:" + EDGE_PORT + "/ws", "ws://127.0.0.1:" + EDGE2_PORT + "/ws");
	}

	@Override
	public String messageServiceUrl() {
		return "http://127.0.0.1:" + MESSAGE_PORT;
	}

	@Override
	public String token(String user) {
		try {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ISSUER_PORT + "/token?sub=" + user))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.body().trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public Connection database() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/chat_message", "postgres", "");
	}

}
