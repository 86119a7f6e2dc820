package chat.presence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services never import each other: the presence service's main code uses only {@code chat.contracts} and
 * its own {@code chat.presence} among the {@code chat.*} packages (not another service, not the dev-only
 * {@code chat.devinfra}). Checked on the sources (imports and qualified names outside comments and strings,
 * which name topics like {@code chat.presence.v1}) and on the compiled classes (every type they reference).
 */
class ModuleBoundaryUnitTests {

	private static final Set<String> ALLOWED = Set.of("contracts", "presence");

	private static final Pattern IN_SOURCE = Pattern.compile("\\bchat\\.([a-z][a-z0-9_]*)\\.");

	private static final Pattern IN_CLASS = Pattern.compile("\\bchat/([a-z][a-z0-9_]*)/");

	private static final Pattern COMMENTS_AND_LITERALS = Pattern
		.compile("//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

	@Test
	void mainSourcesUseOnlyContractsAndPresencePackages() throws IOException {
		Map<String, Set<String>> used = chatPackages(Path.of("src/main/java"), ".java");

		assertThat(used).hasSizeGreaterThan(15);
		assertThat(used.values().stream().flatMap(Set::stream)).contains("contracts", "presence");
		used.forEach((file, packages) -> assertThat(packages).as(file).isSubsetOf(ALLOWED));
	}

	@Test
	void compiledClassesReferenceOnlyContractsAndPresencePackages() throws IOException {
		Map<String, Set<String>> used = chatPackages(Path.of("target/classes"), ".class");

		assertThat(used).hasSizeGreaterThan(15);
		used.forEach((file, packages) -> assertThat(packages).as(file).isSubsetOf(ALLOWED));
	}

	@Test
	void everyMainClassLivesUnderChatPresence() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			assertThat(files.filter(Files::isRegularFile).map(Path::toString))
				.isNotEmpty()
				.allSatisfy(file -> assertThat(file).startsWith("src/main/java/chat/presence/"));
		}
	}

	private static Map<String, Set<String>> chatPackages(Path root, String suffix) throws IOException {
		assertThat(root).as("run from the module directory after compiling").isDirectory();
		boolean source = suffix.equals(".java");
		Map<String, Set<String>> result = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(path -> path.toString().endsWith(suffix)).toList()) {
				// ISO-8859-1 maps every byte to one char, so class files read as text without loss
				String text = Files.readString(file, source ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
				if (source) {
					text = COMMENTS_AND_LITERALS.matcher(text).replaceAll(" ");
				}
				Set<String> packages = new TreeSet<>();
				Matcher matcher = (source ? IN_SOURCE : IN_CLASS).matcher(text);
				while (matcher.find()) {
					packages.add(matcher.group(1));
				}
				result.put(root.relativize(file).toString(), packages);
			}
		}
		return result;
	}

}
