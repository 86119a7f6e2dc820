package chat.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the JavaScript suites that need the running system against this stack: the
 * TypeScript SDK's integration tests from Node ({@code clients/js}: {@code npm run it})
 * and the web demo's end-to-end test in Debian's chromium ({@code clients/web}:
 * {@code npm run e2e}, playwright-core, {@code /usr/bin/chromium}). Each gets the stack's
 * URLs as {@code CHAT_*} variables; the suites mint their own tokens from the dev issuer
 * (they need fresh users and a forced refresh). A suite's output goes to
 * {@code target/clients/<suite>.log}; a failing suite fails this test with its tail.
 */
@ExtendWith(SystemStack.class)
class ClientsSystemTest {

	final SystemStack stack = SystemStack.get();

	@Test
	void typeScriptSdkWorksAgainstTheRunningSystem() throws Exception {
		assertThat(npm("js", "it", Map.of())).contains("# fail 0");
	}

	@Test
	void webDemoWorksInChromium() throws Exception {
		assertThat(npm("web", "e2e", Map.of())).contains("# fail 0");
	}

	private String npm(String client, String script, Map<String, String> extra)
			throws IOException, InterruptedException {
		Path root = Path.of(System.getProperty("chat.project.root", "..")).toAbsolutePath().normalize();
		Path dir = root.resolve("clients").resolve(client);
		if (!Files.isDirectory(dir.resolve("node_modules"))) {
			run(dir, client + "-ci", List.of("npm", "ci", "--no-audit", "--no-fund"), extra);
		}
		return run(dir, client, List.of("npm", "run", script), extra);
	}

	private String run(Path dir, String name, List<String> command, Map<String, String> extra)
			throws IOException, InterruptedException {
		Path log = Path.of("target/clients").toAbsolutePath().resolve(name + ".log");
		Files.createDirectories(log.getParent());
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment());
		builder.environment().putAll(extra);
		Process process = builder.start();
		boolean finished = process.waitFor(6, TimeUnit.MINUTES);
		if (!finished) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(finished && process.exitValue() == 0)
			.as("%s in clients/%s failed; end of %s:%n%s", String.join(" ", command), dir.getFileName(), log,
					output.substring(Math.max(0, output.length() - 6000)))
			.isTrue();
		return output;
	}

	private Map<String, String> environment() {
		Map<String, String> env = new HashMap<>();
		env.put("CHAT_EDGE_URL", this.stack.edgeUrl());
		env.put("CHAT_MESSAGE_URL", this.stack.messageServiceUrl());
		env.put("CHAT_PRESENCE_URL", this.stack.presenceServiceUrl());
		env.put("CHAT_RECEIPT_URL", this.stack.receiptServiceUrl());
		env.put("CHAT_ISSUER_URL", "http://127.0.0.1:" + SystemStack.ISSUER_PORT);
		env.put("WEB_PORT", String.valueOf(SystemStack.WEB_PORT));
		// the demo `chat up` serves for this stack
		env.put("CHAT_WEB_URL", "http://127.0.0.1:" + SystemStack.WEB_PORT);
		env.put("CHAT_E2E_SCREENSHOT_DIR", Path.of("target/clients/screenshots").toAbsolutePath().toString());
		return env;
	}

}
