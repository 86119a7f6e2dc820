package chat.message;

import chat.testsupport.ModuleBoundary;
import org.junit.jupiter.api.Test;

/**
 * Services never import each other: message-service main code uses only
 * {@code chat.contracts}, {@code chat.platform} and its own {@code chat.message} (see
 * {@link ModuleBoundary}).
 */
class ModuleBoundaryUnitTests {

	private static final ModuleBoundary BOUNDARY = ModuleBoundary.of("message");

	@Test
	void sourcesUseOnlyContractsPlatformAndMessagePackages() {
		BOUNDARY.assertSourcesUseOnlySharedAndOwnPackages();
	}

	@Test
	void compiledClassesReferenceOnlyContractsPlatformAndMessagePackages() {
		BOUNDARY.assertCompiledClassesUseOnlySharedAndOwnPackages();
	}

	@Test
	void everyMainClassLivesUnderChatMessage() {
		BOUNDARY.assertEveryMainFileLivesInOwnPackage();
	}

}
