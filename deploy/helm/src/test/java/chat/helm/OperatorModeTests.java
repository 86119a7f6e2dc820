package chat.helm;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import chat.contracts.Topics;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topic list (files/topics.yaml) against what the services declare, and the Strimzi
 * and CloudNativePG resources the operator mode renders.
 */
class OperatorModeTests {

	private static final Path OPERATORS = Charts.CI_VALUES.resolve("strimzi-cnpg-values.yaml");

	@Test
	@SuppressWarnings("unchecked")
	void topicListIsTheTopicsTheServicesDeclare() throws Exception {
		List<Map<String, Object>> topics = topicFile();
		assertThat(topics).extracting((topic) -> (String) topic.get("name"))
			.containsExactlyInAnyOrderElementsOf(contractTopics());
		assertThat(topics).filteredOn((topic) -> Boolean.TRUE.equals(topic.get("compacted")))
			.extracting((topic) -> (String) topic.get("name"))
			.containsExactlyInAnyOrderElementsOf(Topics.COMPACTED);
		// the one retention a service sets: chat.presence.typing.retention, for
		// chat.typing.v1
		Map<String, Object> presence = new Yaml()
			.load(Files.readString(Charts.ROOT.resolve("presence-service/src/main/resources/application.yml")));
		String retention = (String) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) presence
			.get("chat")).get("presence")).get("typing"))).get("retention");
		assertThat(topics).filteredOn((topic) -> topic.containsKey("retentionMs"))
			.singleElement()
			.satisfies((topic) -> {
				assertThat(topic.get("name")).isEqualTo(Topics.TYPING);
				assertThat(((Number) topic.get("retentionMs")).longValue())
					.isEqualTo(Duration.parse("PT" + retention.toUpperCase()).toMillis());
			});
	}

	@Test
	void strimziModeRendersACluster3x3WithEveryTopicAndItsDeadLetters() throws Exception {
		List<HasMetadata> objects = Charts.parse(Charts.render(OPERATORS));
		GenericKubernetesResource kafka = only(objects, "Kafka");
		assertThat(kafka.getApiVersion()).isEqualTo("kafka.strimzi.io/v1");
		assertThat(kafka.<Object>get("spec", "kafka", "config", "min.insync.replicas")).isEqualTo(2);
		assertThat(kafka.<Object>get("spec", "kafka", "config", "default.replication.factor")).isEqualTo(3);
		assertThat(kafka.<Object>get("spec", "kafka", "config", "auto.create.topics.enable")).isEqualTo(false);
		assertThat(kafka.<Object>get("spec", "kafka", "listeners", 0, "port")).isEqualTo(9093);
		assertThat(kafka.<Object>get("spec", "kafka", "listeners", 0, "tls")).isEqualTo(true);
		String cluster = kafka.getMetadata().getName();

		List<GenericKubernetesResource> pools = all(objects, "KafkaNodePool");
		assertThat(pools).hasSize(2).allSatisfy((pool) -> {
			assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
			assertThat(pool.<Object>get("spec", "replicas")).isEqualTo(3);
			assertThat(pool.<Object>get("spec", "storage", "volumes", 0, "type")).isEqualTo("persistent-claim");
		});
		assertThat(pools).extracting((pool) -> pool.<Object>get("spec", "roles", 0))
			.containsExactlyInAnyOrder("controller", "broker");

		List<GenericKubernetesResource> kafkaTopics = all(objects, "KafkaTopic");
		Set<String> expected = new java.util.HashSet<>();
		contractTopics().forEach((topic) -> {
			expected.add(topic);
			expected.add(Topics.deadLetter(topic));
		});
		assertThat(kafkaTopics).extracting((topic) -> (String) topic.get("spec", "topicName"))
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(kafkaTopics).allSatisfy((topic) -> {
			assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
			assertThat(topic.<Object>get("spec", "partitions")).isEqualTo(3);
			assertThat(topic.<Object>get("spec", "replicas")).isEqualTo(3);
			assertThat(topic.<Object>get("spec", "config", "min.insync.replicas")).isEqualTo(2);
			String name = topic.get("spec", "topicName");
			assertThat(topic.<Object>get("spec", "config", "cleanup.policy"))
				.isEqualTo(Topics.COMPACTED.contains(name) ? "compact" : null);
		});

		for (Deployment deployment : Charts.parse(Charts.render(OPERATORS))
			.stream()
			.filter(Deployment.class::isInstance)
			.map(Deployment.class::cast)
			.toList()) {
			Map<String, EnvVar> env = deployment.getSpec()
				.getTemplate()
				.getSpec()
				.getContainers()
				.get(0)
				.getEnv()
				.stream()
				.collect(Collectors.toMap(EnvVar::getName, (var) -> var));
			assertThat(env.get("KAFKA_BOOTSTRAP").getValue()).isEqualTo(cluster + "-kafka-bootstrap:9093");
			assertThat(env.get("SPRING_KAFKA_SECURITY_PROTOCOL").getValue()).isEqualTo("SSL");
			assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
				.anyMatch((volume) -> volume.getSecret() != null
						&& volume.getSecret().getSecretName().equals(cluster + "-cluster-ca-cert"));
		}
	}

	@Test
	void cloudNativePgModeRendersAClusterWithADatabaseAndOwnerPerService() {
		List<HasMetadata> objects = Charts.parse(Charts.render(OPERATORS));
		GenericKubernetesResource cluster = only(objects, "Cluster");
		assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
		assertThat(cluster.<Object>get("spec", "instances")).isEqualTo(3);
		assertThat(cluster.<Object>get("spec", "postgresql", "synchronous", "method")).isEqualTo("any");
		assertThat(cluster.<Object>get("spec", "postgresql", "synchronous", "number")).isEqualTo(1);
		List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
		assertThat(roles).extracting((role) -> role.get("name"))
			.containsExactlyInAnyOrder("chat_message", "chat_presence", "chat_receipt");
		List<GenericKubernetesResource> databases = all(objects, "Database");
		assertThat(databases).extracting((db) -> (String) db.get("spec", "name"))
			.containsExactlyInAnyOrder("chat_message", "chat_presence", "chat_receipt");
		assertThat(databases).allSatisfy((db) -> {
			assertThat(db.<Object>get("spec", "owner")).isEqualTo(db.get("spec", "name"));
			assertThat(db.<Object>get("spec", "cluster", "name")).isEqualTo(cluster.getMetadata().getName());
		});
		for (String service : List.of("message", "presence", "receipt")) {
			Deployment deployment = objects.stream()
				.filter(Deployment.class::isInstance)
				.map(Deployment.class::cast)
				.filter((d) -> d.getMetadata().getName().endsWith("-" + service))
				.findFirst()
				.orElseThrow();
			List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
			assertThat(env).filteredOn((var) -> var.getName().equals("CHAT_DB_URL"))
				.singleElement()
				.satisfies((var) -> assertThat(var.getValue()).isEqualTo("jdbc:postgresql://"
						+ cluster.getMetadata().getName() + "-rw:5432/chat_" + service + "?sslmode=require"));
		}
	}

	private static GenericKubernetesResource only(List<HasMetadata> objects, String kind) {
		List<GenericKubernetesResource> found = all(objects, kind);
		assertThat(found).as(kind).hasSize(1);
		return found.get(0);
	}

	private static List<GenericKubernetesResource> all(List<HasMetadata> objects, String kind) {
		return objects.stream()
			.filter(GenericKubernetesResource.class::isInstance)
			.map(GenericKubernetesResource.class::cast)
			.filter((object) -> object.getKind().equals(kind))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> topicFile() throws IOException {
		Map<String, Object> file = new Yaml().load(Files.readString(Charts.SOURCE.resolve("chat/files/topics.yaml")));
		return (List<Map<String, Object>>) file.get("topics");
	}

	/** Every topic name constant in contracts' {@link Topics}. */
	static List<String> contractTopics() throws IllegalAccessException {
		List<String> names = new ArrayList<>();
		for (Field field : Topics.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
					&& ((String) field.get(null)).startsWith("chat.")) {
				names.add((String) field.get(null));
			}
		}
		return names;
	}

}
