package chat.system;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import chat.system.fault.Target;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system as the README's run command starts it ({@code deploy/local/chat up}):
 * a Kafka broker process, PostgreSQL, the dev issuer and every service as separate
 * processes, on ports of its own and with its own run folder under {@code target/}.
 * Started once for all system tests and stopped after them.
 */
public final class SystemStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource, Target {

	static final int KAFKA_PORT = 19092;

	static final int PG_PORT = 25432;

	static final int ISSUER_PORT = 19000;

	static final int MESSAGE_PORT = 18081;

	static final int EDGE_PORT = 18080;

	static final int SECOND_EDGE_PORT = 18090;

	static final int PRESENCE_PORT = 18082;

	static final int RECEIPT_PORT = 18083;

	/**
	 * Port of the web demo the browser test serves; the launcher allows its origin
	 * ({@code WEB_PORT}).
	 */
	static final int WEB_PORT = 18100;

	/**
	 * Presence timings of this stack, shorter than the defaults so that the tests stay
	 * quick.
	 */
	static final long PRESENCE_GRACE_MS = 2000;

	static final long PRESENCE_LEASE_MS = 5000;

	static final long HEARTBEAT_MS = 1000;

	private static final Pattern JWT = Pattern.compile("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+");

	private static SystemStack started;

	private final Path root;

	private final Path runDir;

	private String upOutput;

	public SystemStack() {
		this.root = Path.of(System.getProperty("chat.project.root", "..")).toAbsolutePath().normalize();
		this.runDir = this.root.resolve("system-tests/target/run");
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		synchronized (SystemStack.class) {
			if (started == null) {
				try {
					this.upOutput = launcher("up");
				}
				catch (IOException | InterruptedException | RuntimeException ex) {
					// stop what did start, so a failed start leaves no processes behind
					launcher("down");
					throw ex;
				}
				started = this;
				context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SystemStack.class.getName(), this);
			}
		}
	}

	@Override
	public void close() throws Exception {
		launcher("down");
	}

	/** The running stack. */
	public static SystemStack get() {
		return started;
	}

	/** What {@code chat up} printed on the first start. */
	String upOutput() {
		return this.upOutput;
	}

	/** The token {@code up} printed for {@code user}. */
	String printedToken(String user) {
		for (String line : this.upOutput.split("\n")) {
			Matcher jwt = JWT.matcher(line);
			if (line.strip().startsWith(user + " ") && jwt.find()) {
				return jwt.group();
			}
		}
		throw new IllegalStateException("No token printed for " + user + " in:\n" + this.upOutput);
	}

	/**
	 * Runs {@code deploy/local/chat <command>} with this stack's ports and folder; fails
	 * on a non-zero exit.
	 */
	String launcher(String... command) throws IOException, InterruptedException {
		List<String> line = new java.util.ArrayList<>(
				List.of("bash", this.root.resolve("deploy/local/chat").toString()));
		line.addAll(List.of(command));
		ProcessBuilder builder = new ProcessBuilder(line).directory(this.root.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment());
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
		// A busy machine (CI shares its two cores with every JVM of the stack) may need
		// more than the
		// launcher's default 180 s per component.
		env.put("CHAT_START_TIMEOUT", "600");
		env.put("KAFKA_PORT", String.valueOf(KAFKA_PORT));
		env.put("PG_PORT", String.valueOf(PG_PORT));
		env.put("ISSUER_PORT", String.valueOf(ISSUER_PORT));
		env.put("MESSAGE_PORT", String.valueOf(MESSAGE_PORT));
		env.put("EDGE_PORT", String.valueOf(EDGE_PORT));
		env.put("EDGE2_PORT", String.valueOf(SECOND_EDGE_PORT));
		env.put("PRESENCE_PORT", String.valueOf(PRESENCE_PORT));
		env.put("RECEIPT_PORT", String.valueOf(RECEIPT_PORT));
		env.put("WEB_PORT", String.valueOf(WEB_PORT));
		env.put("CHAT_EDGE_HEARTBEATINTERVAL", HEARTBEAT_MS + "ms");
		env.put("CHAT_PRESENCE_ONLINE_GRACE", PRESENCE_GRACE_MS + "ms");
		env.put("CHAT_PRESENCE_ONLINE_LEASE", PRESENCE_LEASE_MS + "ms");
		env.put("CHAT_PRESENCE_ONLINE_HEARTBEATINTERVAL", HEARTBEAT_MS + "ms");
		// The crash test streams 1,000 sends from one user; the default per-user limit is
		// 10/s (tested at the edge).
		env.put("CHAT_EDGE_SENDRATEPERSECOND", "2000");
		env.put("CHAT_EDGE_SENDBURST", "2000");
		// The receipt tests stream hundreds of delivered/read frames at once; the
		// per-user limit has its own
		// tests at the edge.
		env.put("CHAT_EDGE_RECEIPTRATEPERSECOND", "2000");
		// Their raw STOMP clients do not retry, and a cold stack on a busy machine can
		// ack
		// slower than the shedding target for a while; load shedding has its own tests at
		// the edge and runs at its defaults in the fault suite and the benchmark.
		env.put("CHAT_EDGE_SHEDDING_ACKLATENCYTARGET", "1h");
		// Short tests on a cold stack: C1's quick code serves them better than C2's
		// compiling (the launcher gives the edge and Kafka C2 for sustained load).
		env.put("CHAT_EDGE_JVM_OPTS", "-XX:TieredStopAtLevel=1");
		env.put("CHAT_KAFKA_JVM_OPTS", "-XX:TieredStopAtLevel=1");
		return env;
	}

	/**
	 * The folder of every component's log ({@code <component>.log}, the previous one
	 * {@code .log.1}).
	 */
	Path logsDir() {
		return this.runDir.resolve("logs");
	}

	@Override
	public void up() throws Exception {
		launcher("up");
	}

	/** The pid of a component the launcher started ({@code message}, {@code edge}, …). */
	@Override
	public long pid(String component) throws IOException {
		return Long.parseLong(Files.readString(this.runDir.resolve("pids/" + component + ".pid")).trim());
	}

	String edgeUrl() {
		return "ws://127.0.0.1:" + EDGE_PORT + "/ws";
	}

	String secondEdgeUrl() {
		return "ws://127.0.0.1:" + SECOND_EDGE_PORT + "/ws";
	}

	String presenceServiceUrl() {
		return "http://127.0.0.1:" + PRESENCE_PORT;
	}

	String receiptServiceUrl() {
		return "http://127.0.0.1:" + RECEIPT_PORT;
	}

	/** Whether the component's process is alive. */
	boolean alive(String component) throws IOException {
		return ProcessHandle.of(pid(component)).map(ProcessHandle::isAlive).orElse(false);
	}

	@Override
	public List<String> edgeUrls() {
		return List.of(edgeUrl(), secondEdgeUrl());
	}

	@Override
	public String messageServiceUrl() {
		return "http://127.0.0.1:" + MESSAGE_PORT;
	}

	/** A fresh token for {@code user} from the dev issuer. */
	@Override
	public String token(String user) {
		return http(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ISSUER_PORT + "/token?sub=" + user)).build())
			.body()
			.trim();
	}

	@Override
	public Connection database() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/chat_message", "postgres", "");
	}

	static HttpResponse<String> http(HttpRequest request) {
		try {
			return HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.build()
				.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
