package chat.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Lint, and what the chart refuses: missing required values, values the schema rejects,
 * combinations the templates reject. Helm's messages change between versions, so only the
 * value's name is asserted, never the wording.
 */
class ChartValuesTests {

	private static final Path DEFAULTS = Charts.CI_VALUES.resolve("default-values.yaml");

	@Test
	void chartsLintCleanInStrictMode() throws IOException {
		// helm lint takes no values file here: lint a copy whose values.yaml already
		// holds the required values.
		Path copy = Charts.chart().resolveSibling("chat-lint");
		Charts.copy(Charts.chart(), copy);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Map<String, Object> values = Charts.mergedValues(DEFAULTS);
		Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
		LintResult lint = new Helm(copy).lint().strict().call();
		assertThat(lint.getMessages())
			.noneMatch((message) -> message.contains("[ERROR]") || message.contains("[WARNING]"));
		assertThat(lint.isFailed()).isFalse();
		LintResult library = new Helm(Charts.libraryChart()).lint().strict().call();
		assertThat(library.isFailed()).as(String.join("\n", library.getMessages())).isFalse();
	}

	@Test
	void chartDefaultsAloneNameWhatIsRequired(@TempDir Path dir) throws IOException {
		Path noOrigins = Files.writeString(dir.resolve("no-origins.yaml"), "edge: {allowedOrigins: []}\n");
		assertThatIllegalStateException().isThrownBy(() -> Charts.template().call())
			.withMessageContaining("jwt.issuer");
		assertThatIllegalStateException()
			.isThrownBy(() -> Charts.template().withValuesFile(DEFAULTS).set("jwt.audience", "").call())
			.withMessageContaining("jwt.audience");
		assertThatIllegalStateException()
			.isThrownBy(() -> Charts.template().withValuesFile(DEFAULTS).withValuesFile(noOrigins).call())
			.withMessageContaining("edge.allowedOrigins");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> Charts.template().withValuesFile(DEFAULTS).set("kafka.external.bootstrapServers", "").call())
			.withMessageContaining("kafka.external.bootstrapServers");
		assertThatIllegalStateException()
			.isThrownBy(() -> Charts.template()
				.withValuesFile(DEFAULTS)
				.set("postgresql.external.receipt.existingSecret", "")
				.call())
			.withMessageContaining("postgresql.external.receipt.existingSecret");
		assertThatIllegalStateException()
			.isThrownBy(() -> Charts.template()
				.withValuesFile(DEFAULTS)
				.set("kafka.external.securityProtocol", "SASL_SSL")
				.call())
			.withMessageContaining("kafka.external.sasl.existingSecret");
		assertThat(Charts.template().withValuesFile(DEFAULTS).call()).contains("kind: Deployment");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			value = { "edge.replicaCount|0", "edge.replica|3", "presence.replicaCount|2",
					"presence.autoscaling.enabled|true", "edge.image.digest|latest", "edge.image.pullPolicy|Sometimes",
					"kafka.mode|bundled", "postgresql.mode|embedded", "kafka.external.bootstrapServers|kafka",
					"kafka.topics.partitions|0", "edge.allowedOrigins[0]|*", "edge.resources.requests.cpu|lots",
					"networkPolicy.kafkaPorts[0]|70000", "metrics.serviceMonitor.interval|often", "unknownTopLevel|1",
					"edge.autoscaling.connections.averageValue|0", "httpRoute.webSocketTimeout|forever" })
	void schemaRejects(String key, String value) {
		TemplateCommand template = Charts.template().withValuesFile(DEFAULTS);
		assertThatIllegalStateException().isThrownBy(() -> setTyped(template, key, value).call())
			.withMessageContaining("schema");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			value = { "edge.terminationGracePeriodSeconds|30|edge.terminationGracePeriodSeconds",
					"message.autoscaling.enabled|true|message.autoscaling.maxReplicas",
					"kafka.topics.minInsyncReplicas|3|kafka.topics.minInsyncReplicas",
					"edge.autoscaling.connections.averageValue|5000|edge.maxSessions" })
	void templatesRejectCombinationsTheSchemaCannotExpress(String key, String value, String named) {
		TemplateCommand template = Charts.template()
			.withValuesFile(DEFAULTS)
			.set("message.autoscaling.maxReplicas", 6)
			.set("edge.autoscaling.connections.enabled", true)
			.set(key, value.matches("[0-9]+") ? Integer.parseInt(value) : Boolean.parseBoolean(value));
		assertThatIllegalStateException().isThrownBy(template::call).withMessageContaining(named);
	}

	private static TemplateCommand setTyped(TemplateCommand template, String key, String value) {
		if (value.matches("-?[0-9]+")) {
			return template.set(key, Integer.parseInt(value));
		}
		if (value.equals("true") || value.equals("false")) {
			return template.set(key, Boolean.parseBoolean(value));
		}
		return template.set(key, value);
	}

}
