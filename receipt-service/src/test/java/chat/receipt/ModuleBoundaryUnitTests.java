package chat.receipt;

import chat.testsupport.ModuleBoundary;
import org.junit.jupiter.api.Test;

/**
 * Services never import each other: receipt-service main code uses only
 * {@code chat.contracts}, {@code chat.platform} and its own {@code chat.receipt} (see
 * {@link ModuleBoundary}).
 */
class ModuleBoundaryUnitTests {

	private static final ModuleBoundary BOUNDARY = ModuleBoundary.of("receipt");

	@Test
	void sourcesUseOnlyContractsPlatformAndReceiptPackages() {
		BOUNDARY.assertSourcesUseOnlySharedAndOwnPackages();
	}

	@Test
	void compiledClassesReferenceOnlyContractsPlatformAndReceiptPackages() {
		BOUNDARY.assertCompiledClassesUseOnlySharedAndOwnPackages();
	}

	@Test
	void everyMainClassLivesUnderChatReceipt() {
		BOUNDARY.assertEveryMainFileLivesInOwnPackage();
	}

}
