package chat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services never import each other. Among the {@code chat.*} packages a module's main
 * code may use only {@code chat.contracts} (the wire), {@code chat.platform} (the shared
 * plumbing) and its own {@code chat.<module>} — never another service, never the dev-only
 * {@code chat.devinfra} or the tests' {@code chat.testsupport}. Checked on the sources
 * (imports and qualified names outside comments and string or char literals, which name
 * topics like {@code chat.messages.v1}) and on the compiled classes (every type they
 * reference). A test in each module calls it; paths are relative to the module directory,
 * where Surefire runs the tests.
 */
public final class ModuleBoundary {

	/** What every module may use besides its own package. */
	public static final Set<String> SHARED = Set.of("contracts", "platform");

	/** {@code chat.x.} or {@code chat.x;} (a package declaration) in code. */
	private static final Pattern IN_SOURCE = Pattern.compile("\\bchat\\.([a-z][a-z0-9_]*)(?=[.;])");

	/** {@code chat/x/} in a class file's constant pool. */
	private static final Pattern IN_CLASS = Pattern.compile("\\bchat/([a-z][a-z0-9_]*)/");

	private static final Pattern COMMENTS_AND_LITERALS = Pattern.compile(
			"//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'", Pattern.DOTALL);

	private final Path sources;

	private final Path classes;

	private final String own;

	private final Set<String> allowed;

	private ModuleBoundary(Path module, String own) {
		this.sources = module.resolve("src/main/java");
		this.classes = module.resolve("target/classes");
		this.own = own;
		this.allowed = Stream.concat(SHARED.stream(), Stream.of(own)).collect(Collectors.toUnmodifiableSet());
	}

	/** The module in the working directory, whose own package is {@code chat.<own>}. */
	public static ModuleBoundary of(String own) {
		return of(Path.of(""), own);
	}

	public static ModuleBoundary of(Path module, String own) {
		return new ModuleBoundary(module, own);
	}

	/**
	 * Every main source refers only to {@code chat.contracts}, {@code chat.platform} and
	 * its own package.
	 */
	public void assertSourcesUseOnlySharedAndOwnPackages() {
		assertOnlyAllowed("main sources", sourceReferences());
	}

	/**
	 * Every compiled main class refers only to {@code chat.contracts},
	 * {@code chat.platform} and its own package.
	 */
	public void assertCompiledClassesUseOnlySharedAndOwnPackages() {
		assertOnlyAllowed("compiled classes", classReferences());
	}

	/** Every main file lives under {@code chat/<own>/}. */
	public void assertEveryMainFileLivesInOwnPackage() {
		assertThat(this.sources).as("run from the module directory").isDirectory();
		try (Stream<Path> files = Files.walk(this.sources)) {
			assertThat(files.filter(Files::isRegularFile).map(this.sources::relativize).map(Path::toString))
				.isNotEmpty()
				.allSatisfy(file -> assertThat(file).startsWith("chat/" + this.own + "/"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The {@code chat.*} packages each main source refers to in code, by file. */
	Map<String, Set<String>> sourceReferences() {
		return scan(this.sources, ".java", IN_SOURCE, true);
	}

	/** The {@code chat.*} packages each compiled main class refers to, by file. */
	Map<String, Set<String>> classReferences() {
		return scan(this.classes, ".class", IN_CLASS, false);
	}

	private void assertOnlyAllowed(String what, Map<String, Set<String>> used) {
		assertThat(used).as(what).isNotEmpty();
		assertThat(used.values().stream().flatMap(Set::stream)).as(what + " use their own package").contains(this.own);
		used.forEach((file, packages) -> assertThat(packages).as(file + " may use only chat." + this.allowed)
			.isSubsetOf(this.allowed));
	}

	private static Map<String, Set<String>> scan(Path root, String suffix, Pattern reference, boolean source) {
		assertThat(root).as("run from the module directory after compiling").isDirectory();
		Map<String, Set<String>> result = new TreeMap<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(path -> path.toString().endsWith(suffix)).toList()) {
				// ISO-8859-1 maps every byte to one char, so class files read as text
				// without loss
				String text = Files.readString(file, source ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
				if (source) {
					text = COMMENTS_AND_LITERALS.matcher(text).replaceAll(" ");
				}
				Set<String> packages = new TreeSet<>();
				Matcher matcher = reference.matcher(text);
				while (matcher.find()) {
					packages.add(matcher.group(1));
				}
				result.put(root.relativize(file).toString(), packages);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return result;
	}

}
