package chat.connection;

import chat.testsupport.ModuleBoundary;
import org.junit.jupiter.api.Test;

/**
 * Services never import each other: the edge's main code uses only
 * {@code chat.contracts}, {@code chat.platform} and its own {@code chat.connection} (see
 * {@link ModuleBoundary}).
 */
class ModuleBoundaryUnitTests {

	private static final ModuleBoundary BOUNDARY = ModuleBoundary.of("connection");

	@Test
	void mainSourcesReferenceOnlyContractsPlatformAndConnectionPackages() {
		BOUNDARY.assertSourcesUseOnlySharedAndOwnPackages();
	}

	@Test
	void compiledClassesReferenceOnlyContractsPlatformAndConnectionPackages() {
		BOUNDARY.assertCompiledClassesUseOnlySharedAndOwnPackages();
	}

	@Test
	void mainSourcesLiveInTheConnectionPackage() {
		BOUNDARY.assertEveryMainFileLivesInOwnPackage();
	}

}
