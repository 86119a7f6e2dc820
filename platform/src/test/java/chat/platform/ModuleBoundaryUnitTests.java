package chat.platform;

import chat.testsupport.ModuleBoundary;
import org.junit.jupiter.api.Test;

/**
 * The platform carries no domain: it uses only {@code chat.contracts} and its own
 * packages, no service.
 */
class ModuleBoundaryUnitTests {

	private static final ModuleBoundary BOUNDARY = ModuleBoundary.of("platform");

	@Test
	void sourcesUseOnlyContractsAndPlatformPackages() {
		BOUNDARY.assertSourcesUseOnlySharedAndOwnPackages();
	}

	@Test
	void compiledClassesUseOnlyContractsAndPlatformPackages() {
		BOUNDARY.assertCompiledClassesUseOnlySharedAndOwnPackages();
	}

	@Test
	void everyMainFileLivesUnderChatPlatform() {
		BOUNDARY.assertEveryMainFileLivesInOwnPackage();
	}

}
