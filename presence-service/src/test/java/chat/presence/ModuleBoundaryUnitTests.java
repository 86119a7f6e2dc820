package chat.presence;

import chat.testsupport.ModuleBoundary;
import org.junit.jupiter.api.Test;

/**
 * Services never import each other: the presence service's main code uses only
 * {@code chat.contracts}, {@code chat.platform} and its own {@code chat.presence} (see
 * {@link ModuleBoundary}).
 */
class ModuleBoundaryUnitTests {

	private static final ModuleBoundary BOUNDARY = ModuleBoundary.of("presence");

	@Test
	void mainSourcesUseOnlyContractsPlatformAndPresencePackages() {
		BOUNDARY.assertSourcesUseOnlySharedAndOwnPackages();
	}

	@Test
	void compiledClassesReferenceOnlyContractsPlatformAndPresencePackages() {
		BOUNDARY.assertCompiledClassesUseOnlySharedAndOwnPackages();
	}

	@Test
	void everyMainClassLivesUnderChatPresence() {
		BOUNDARY.assertEveryMainFileLivesInOwnPackage();
	}

}
