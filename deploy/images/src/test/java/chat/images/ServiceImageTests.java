package chat.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads each service's {@code target/jib-image.tar} (an OCI layout: {@code index.json} →
 * manifest → config and layer blobs) the way a registry or a kubelet would, and checks
 * what the Helm chart and the cluster rely on.
 */
class ServiceImageTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Path ROOT = Path.of(System.getProperty("chat.project.root", "../..")).normalize();

	@ParameterizedTest
	@CsvSource({ "connection-service, chat.connection.ConnectionServiceApplication",
			"message-service, chat.message.MessageServiceApplication",
			"presence-service, chat.presence.PresenceServiceApplication",
			"receipt-service, chat.receipt.ReceiptServiceApplication" })
	void imageRunsTheServiceAsNonRootOnPort8080(String service, String mainClass) throws IOException {
		OciImage image = OciImage.read(ROOT.resolve(service).resolve("target/jib-image.tar"));
		JsonNode config = image.config().get("config");

		String user = config.get("User").asString();
		assertThat(user).as("user:group, numeric so that runAsNonRoot can verify it").matches("[0-9]+:[0-9]+");
		assertThat(Integer.parseInt(user.split(":")[0])).as("uid").isPositive();

		List<String> entrypoint = JSON.convertValue(config.get("Entrypoint"),
				JSON.getTypeFactory().constructCollectionType(List.class, String.class));
		assertThat(entrypoint).first().isEqualTo("java");
		assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError").endsWith(mainClass);
		assertThat(config.get("Cmd")).as("no Cmd: arguments come from the entrypoint only").isNull();

		assertThat(config.get("ExposedPorts").propertyNames()).containsExactly("8080/tcp");
		assertThat(JSON.convertValue(config.get("Env"), List.class)).contains("PORT=8080");

		JsonNode labels = config.get("Labels");
		assertThat(labels.get("org.opencontainers.image.title").asString()).isEqualTo(service);
		assertThat(labels.get("org.opencontainers.image.version").asString()).isNotBlank();
		assertThat(labels.get("org.opencontainers.image.description").asString()).isNotBlank();
		assertThat(labels.get("org.opencontainers.image.base.name").asString()).isNotBlank();

		assertThat(image.annotationRefName())
			.endsWith("/" + service + ":" + labels.get("org.opencontainers.image.version").asString());

		// The layers hold the application the entrypoint names, and its Spring
		// configuration.
		assertThat(image.file("app/jib-main-class-file")).isEqualTo(mainClass);
		assertThat(image.file("app/jib-classpath-file")).contains("/app/classes").contains("/app/libs/contracts-");
		assertThat(image.paths()).contains("app/resources/application.yml")
			.anyMatch((path) -> path
				.startsWith("app/classes/" + mainClass.substring(0, mainClass.lastIndexOf('.')).replace('.', '/')));
		assertThat(image.paths()).as("no test code or test dependencies in the image")
			.noneMatch(
					(path) -> path.startsWith("app/libs/") && (path.contains("junit") || path.contains("dev-infra")));
	}

	/** The parts of an OCI image tarball the tests read; small images, read whole. */
	record OciImage(JsonNode config, String annotationRefName, Set<String> paths, Map<String, String> smallFiles) {

		String file(String path) {
			assertThat(this.smallFiles).containsKey(path);
			return this.smallFiles.get(path).strip();
		}

		static OciImage read(Path tarball) throws IOException {
			assertThat(tarball).as("built by jib:buildTar in the service's package phase").isRegularFile();
			Map<String, byte[]> blobs = new HashMap<>();
			try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
				for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
					if (entry.isFile()) {
						blobs.put(entry.getName(), tar.readAllBytes());
					}
				}
			}
			assertThat(new String(blobs.get("oci-layout"), StandardCharsets.UTF_8)).contains("imageLayoutVersion");
			JsonNode index = JSON.readTree(blobs.get("index.json"));
			assertThat(index.get("manifests")).hasSize(1);
			JsonNode descriptor = index.get("manifests").get(0);
			JsonNode manifest = JSON.readTree(blob(blobs, descriptor));
			JsonNode config = JSON.readTree(blob(blobs, manifest.get("config")));
			Set<String> paths = new HashSet<>();
			Map<String, String> small = new HashMap<>();
			for (JsonNode layer : manifest.get("layers")) {
				assertThat(layer.get("mediaType").asString()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
				try (TarArchiveInputStream files = new TarArchiveInputStream(
						new GZIPInputStream(new java.io.ByteArrayInputStream(blob(blobs, layer))))) {
					for (TarArchiveEntry entry = files.getNextEntry(); entry != null; entry = files.getNextEntry()) {
						String name = entry.getName().replaceFirst("^/", "");
						paths.add(name);
						if (entry.isFile() && name.startsWith("app/jib-")) {
							small.put(name, new String(files.readAllBytes(), StandardCharsets.UTF_8));
						}
					}
				}
			}
			return new OciImage(config,
					descriptor.get("annotations").get("org.opencontainers.image.ref.name").asString(), paths, small);
		}

		private static byte[] blob(Map<String, byte[]> blobs, JsonNode descriptor) {
			String digest = descriptor.get("digest").asString();
			byte[] blob = blobs.get("blobs/" + digest.replace(':', '/'));
			assertThat(blob).as(digest).isNotNull().hasSize(descriptor.get("size").asInt());
			return blob;
		}

	}

}
