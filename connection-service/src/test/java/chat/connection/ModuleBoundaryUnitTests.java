package chat.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Services never import each other: the edge's main code uses only {@code contracts} and its own packages. */
class ModuleBoundaryUnitTests {

	private static final Path MAIN_SOURCES = Path.of("src/main/java");

	/** {@code chat.<segment>} in an import, or a fully qualified name ({@code chat.x.y.SomeType}). */
	private static final Pattern CHAT_REFERENCE = Pattern
		.compile("\\bchat\\.([a-z][a-z0-9_]*)(?:\\.[a-z][a-z0-9_]*)*\\.(?:[A-Z]\\w*|\\*)");

	@Test
	void mainSourcesReferenceOnlyContractsAndConnectionPackages() throws IOException {
		List<Path> sources = javaSources();
		List<String> violations = new ArrayList<>();
		for (Path source : sources) {
			String[] lines = Files.readString(source).split("\n");
			for (int i = 0; i < lines.length; i++) {
				Matcher reference = CHAT_REFERENCE.matcher(lines[i]);
				while (reference.find()) {
					String module = reference.group(1);
					if (!module.equals("contracts") && !module.equals("connection")) {
						violations.add(source + ":" + (i + 1) + " " + reference.group());
					}
				}
			}
		}
		assertThat(sources).hasSizeGreaterThan(10);
		assertThat(violations).isEmpty();
	}

	@Test
	void mainSourcesLiveInTheConnectionPackage() throws IOException {
		assertThat(javaSources()).allSatisfy(source -> assertThat(Files.readString(source))
			.containsPattern("(?m)^package chat\\.connection(\\.[a-z]+)*;"));
	}

	@Test
	void referenceCheckCatchesOtherServicesAndDevInfra() {
		assertThat(Stream.of("import chat.message.conversation.Conversations;", "import chat.presence.Presence;",
				"import static chat.receipt.api.Watermarks.of;", "chat.devinfra.DevIssuer issuer;")
			.map(CHAT_REFERENCE::matcher)
			.filter(Matcher::find)
			.map(matcher -> matcher.group(1)))
			.containsExactly("message", "presence", "receipt", "devinfra");
		assertThat(CHAT_REFERENCE.matcher("\"chat.message.created.v1\"").find()).isFalse();
	}

	private static List<Path> javaSources() throws IOException {
		try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
			return files.filter(file -> file.toString().endsWith(".java")).toList();
		}
	}

}
