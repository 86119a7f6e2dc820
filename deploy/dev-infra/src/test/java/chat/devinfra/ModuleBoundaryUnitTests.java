package chat.devinfra;

import chat.testsupport.ModuleBoundary;
import org.junit.jupiter.api.Test;

/** The dev tools use nothing of the services: only the shared packages and their own. */
class ModuleBoundaryUnitTests {

	@Test
	void mainCodeUsesOnlySharedAndOwnPackages() {
		ModuleBoundary devInfra = ModuleBoundary.of("devinfra");

		devInfra.assertSourcesUseOnlySharedAndOwnPackages();
		devInfra.assertCompiledClassesUseOnlySharedAndOwnPackages();
		devInfra.assertEveryMainFileLivesInOwnPackage();
	}

}
