package chat.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each {@code ci/} values file renders, compared with the file committed under
 * {@code src/test/resources/golden/}: a change to the output shows in review as a diff.
 * After an intended change: {@code ./mvnw -pl deploy/helm verify -Dgolden.update=true}.
 */
class GoldenFileTests {

	private static final Path GOLDEN = Charts.SOURCE.resolve("src/test/resources/golden");

	static Stream<Path> ciValues() {
		return Charts.ciValuesFiles().stream();
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void renderedManifestsMatchTheGoldenFile(Path values) throws IOException {
		String rendered = Charts.render(values);
		Path golden = GOLDEN.resolve(values.getFileName().toString().replace("-values.yaml", ".golden.yaml"));
		if (Boolean.getBoolean("golden.update")) {
			Files.createDirectories(GOLDEN);
			Files.writeString(golden, rendered);
		}
		assertThat(golden).as("missing: run with -Dgolden.update=true").exists();
		assertThat(rendered).isEqualTo(Files.readString(golden));
	}

}
