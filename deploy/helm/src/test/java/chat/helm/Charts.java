package chat.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

/**
 * The charts under {@code deploy/helm}, copied to {@code target/helm} (so that
 * {@code helm dependency update} writes nothing into the source tree) and driven through
 * helm-java: Helm's own Go code, no helm binary.
 */
final class Charts {

	static final Path ROOT = Path.of(System.getProperty("chat.project.root", "../..")).toAbsolutePath().normalize();

	static final Path SOURCE = ROOT.resolve("deploy/helm");

	static final Path CI_VALUES = SOURCE.resolve("chat/ci");

	private static final Path WORK = SOURCE.resolve("target/helm");

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private static Path chart;

	private Charts() {
	}

	/** The application chart, ready to template (its library dependency built). */
	static synchronized Path chart() {
		if (chart == null) {
			copy(SOURCE.resolve("chat-common"), WORK.resolve("chat-common"));
			copy(SOURCE.resolve("chat"), WORK.resolve("chat"));
			new Helm(WORK.resolve("chat")).dependency().update().call();
			chart = WORK.resolve("chat");
		}
		return chart;
	}

	static Path libraryChart() {
		chart();
		return WORK.resolve("chat-common");
	}

	static List<Path> ciValuesFiles() {
		try (Stream<Path> files = Files.list(CI_VALUES)) {
			return files.filter((file) -> file.toString().endsWith(".yaml")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static TemplateCommand template() {
		return new Helm(chart()).template().withName("prod").withNamespace("chat").withKubeVersion("1.31.0");
	}

	private static final Map<Path, String> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * The chart templated with one values file (memoized: a render takes about a second).
	 */
	static String render(Path valuesFile) {
		return RENDERED.computeIfAbsent(valuesFile, (file) -> template().withValuesFile(file).call());
	}

	/** Every document of the output, typed where fabric8 knows the kind. */
	static List<HasMetadata> parse(String manifests) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : manifests.split("(?m)^---\\s*$")) {
			if (document.lines().anyMatch((line) -> !line.isBlank() && !line.startsWith("#"))) {
				Object parsed = SERIALIZATION.unmarshal(document);
				if (parsed instanceof KubernetesList list) {
					objects.addAll(list.getItems());
				}
				else {
					objects.add((HasMetadata) parsed);
				}
			}
		}
		return objects;
	}

	/** values.yaml with the given file merged over it, as Helm merges them. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> mergedValues(Path valuesFile) {
		try {
			Map<String, Object> values = new Yaml().load(Files.readString(chart().resolve("values.yaml")));
			Map<String, Object> overrides = new Yaml().load(Files.readString(valuesFile));
			return merge(values, overrides);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
		Map<String, Object> merged = new LinkedHashMap<>(base);
		overrides.forEach((key, value) -> {
			if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
				merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	static void copy(Path from, Path to) {
		try {
			if (Files.exists(to)) {
				try (Stream<Path> old = Files.walk(to)) {
					old.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
				}
			}
			try (Stream<Path> files = Files.walk(from)) {
				for (Path file : (Iterable<Path>) files::iterator) {
					Path target = to.resolve(from.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(target);
					}
					else {
						Files.copy(file, target);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
