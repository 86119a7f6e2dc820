package chat.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The check every service runs on itself, tried on small modules written here. */
class ModuleBoundaryUnitTests {

	@TempDir
	Path module;

	@Test
	void contractsPlatformAndOwnPackagesAreAllowed() throws IOException {
		source("chat/demo/Ok.java", """
				package chat.demo;

				import chat.contracts.Topics;
				import chat.platform.web.ProblemException;
				import chat.demo.other.Helper;

				class Ok {
					chat.contracts.ChatJson json;
				}
				""");

		ModuleBoundary.of(this.module, "demo").assertSourcesUseOnlySharedAndOwnPackages();
	}

	@Test
	void otherServicesAndDevInfraAreViolations() throws IOException {
		source("chat/demo/Bad.java", """
				package chat.demo;

				import chat.message.conversation.Conversations;
				import static chat.receipt.api.Watermarks.of;

				class Bad {
					chat.devinfra.DevIssuer issuer;
				}
				""");
		ModuleBoundary boundary = ModuleBoundary.of(this.module, "demo");

		assertThat(boundary.sourceReferences()).containsEntry("chat/demo/Bad.java",
				Set.of("demo", "devinfra", "message", "receipt"));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(boundary::assertSourcesUseOnlySharedAndOwnPackages)
			.withMessageContaining("chat/demo/Bad.java");
	}

	@Test
	void topicNamesInStringsAndCommentsAreNotReferences() throws IOException {
		source("chat/demo/Topics.java", """
				package chat.demo;

				/** Reads chat.messages.v1 and chat.presence.v1. */
				class Topics {
					// chat.receipt.Watermarks is not imported
					static final String MESSAGES = "chat.messages.v1";
					static final String TEXT = \"""
							chat.message.conversation.Conversations
							\""";
				}
				""");

		assertThat(ModuleBoundary.of(this.module, "demo").sourceReferences()).containsEntry("chat/demo/Topics.java",
				Set.of("demo"));
	}

	@Test
	void mainFileOutsideTheOwnPackageIsAViolation() throws IOException {
		source("chat/demo/Ok.java", "package chat.demo;\nclass Ok {}\n");
		source("chat/message/Stray.java", "package chat.message;\nclass Stray {}\n");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(ModuleBoundary.of(this.module, "demo")::assertEveryMainFileLivesInOwnPackage)
			.withMessageContaining("chat/message/Stray.java");
	}

	@Test
	void testSupportItselfPassesOnItsSourcesAndClasses() {
		ModuleBoundary testSupport = ModuleBoundary.of("testsupport");

		testSupport.assertSourcesUseOnlySharedAndOwnPackages();
		testSupport.assertCompiledClassesUseOnlySharedAndOwnPackages();
		testSupport.assertEveryMainFileLivesInOwnPackage();
	}

	private void source(String path, String text) throws IOException {
		Path file = this.module.resolve("src/main/java").resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

}
