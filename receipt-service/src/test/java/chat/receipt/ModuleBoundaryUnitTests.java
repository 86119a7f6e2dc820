package chat.receipt;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services never import each other: receipt-service main code may use only {@code chat.contracts} and its
 * own {@code chat.receipt}, never another service's packages or the dev-only {@code chat.devinfra}. Checked
 * on the sources (imports and qualified names) and on the compiled classes (every type they reference).
 */
class ModuleBoundaryUnitTests {

	private static final Path SOURCES = Path.of("src/main/java");

	private static final Path CLASSES = Path.of("target/classes");

	private static final Set<String> ALLOWED = Set.of("contracts", "receipt");

	/** A {@code chat.*} package in code: {@code chat.x.} in source, {@code chat/x/} in a class file. */
	private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\bchat\\.([a-z][a-z0-9_]*)\\.");

	private static final Pattern CLASS_REFERENCE = Pattern.compile("\\bchat/([a-z][a-z0-9_]*)/");

	/** Comments and string or char literals, which may name topics like {@code chat.receipts.v1}. */
	private static final Pattern NOT_CODE = Pattern
		.compile("//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

	@Test
	void sourcesUseOnlyContractsAndTheirOwnPackages() throws IOException {
		Map<String, Set<String>> used = scan(SOURCES, ".java", SOURCE_REFERENCE,
				source -> NOT_CODE.matcher(source).replaceAll(" "));

		assertThat(used).as("main sources").hasSizeGreaterThan(10);
		assertThat(used.values().stream().flatMap(Set::stream)).contains("contracts", "receipt");
		used.forEach((file, packages) -> assertThat(packages).as(file).isSubsetOf(ALLOWED));
	}

	@Test
	void compiledClassesReferenceOnlyContractsAndTheirOwnPackages() throws IOException {
		Map<String, Set<String>> used = scan(CLASSES, ".class", CLASS_REFERENCE, bytes -> bytes);

		assertThat(used).as("compiled classes").hasSizeGreaterThan(10);
		assertThat(used.values().stream().flatMap(Set::stream)).contains("contracts", "receipt");
		used.forEach((file, packages) -> assertThat(packages).as(file).isSubsetOf(ALLOWED));
	}

	@Test
	void everyMainClassLivesUnderChatReceipt() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			assertThat(files.filter(Files::isRegularFile).map(SOURCES::relativize).map(Path::toString))
				.isNotEmpty()
				.allSatisfy(file -> assertThat(file).startsWith("chat/receipt/"));
		}
	}

	/** The chat packages each file refers to. */
	private static Map<String, Set<String>> scan(Path root, String suffix, Pattern reference,
			UnaryOperator<String> code) throws IOException {
		assertThat(root).as("run from the module directory after compiling").isDirectory();
		Map<String, Set<String>> result = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(path -> path.toString().endsWith(suffix)).toList()) {
				// ISO-8859-1 maps every byte to one char, so class files read as text without loss
				Charset charset = suffix.equals(".java") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
				String text = code.apply(Files.readString(file, charset));
				Set<String> packages = new TreeSet<>();
				Matcher matcher = reference.matcher(text);
				while (matcher.find()) {
					packages.add(matcher.group(1));
				}
				result.put(root.relativize(file).toString(), packages);
			}
		}
		return result;
	}

}
