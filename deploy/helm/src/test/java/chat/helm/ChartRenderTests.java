package chat.helm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Templates the chart with every values file under {@code ci/}, parses what it renders
 * and checks the rules a cluster and its operators rely on.
 */
class ChartRenderTests {

	private static final Set<String> COMPONENTS = Set.of("edge", "message", "presence", "receipt");

	private static final Set<String> OPERATOR_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster",
			"Database");

	static Stream<Path> ciValues() {
		return Charts.ciValuesFiles().stream();
	}

	private static Rendered render(Path values) {
		return new Rendered(Charts.parse(Charts.render(values)), Charts.mergedValues(values));
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyFieldIsKnownToKubernetes(Path values) {
		Rendered rendered = render(values);
		assertThat(rendered.objects()).isNotEmpty();
		assertThat(rendered.objects()).flatMap(UnknownFields::of).isEmpty();
		assertThat(rendered.objects()).filteredOn(GenericKubernetesResource.class::isInstance)
			.extracting(HasMetadata::getKind)
			.as("only operators' kinds are untyped; a core kind here has a wrong apiVersion")
			.allMatch(OPERATOR_KINDS::contains);
		assertThat(rendered.objects()).allSatisfy((object) -> {
			assertThat(object.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
			assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "prod")
				.containsEntry("app.kubernetes.io/managed-by", "Helm");
		});
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void everyServiceRunsPodSecurityRestrictedWithResourcesAndActuatorProbes(Path values) {
		List<Deployment> deployments = render(values).all(Deployment.class);
		assertThat(deployments).extracting(this::component).containsExactlyInAnyOrderElementsOf(COMPONENTS);
		for (Deployment deployment : deployments) {
			PodSpec pod = deployment.getSpec().getTemplate().getSpec();
			assertThat(pod.getAutomountServiceAccountToken()).isFalse();
			assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
			assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
			assertThat(pod.getContainers()).hasSize(1);
			Container container = pod.getContainers().get(0);
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
			assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
			assertThat(container.getSecurityContext().getPrivileged()).isFalse();
			assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
			assertThat(container.getResources().getLimits()).containsKey("memory");
			assertThat(container.getPorts()).singleElement()
				.satisfies((port) -> assertThat(port.getContainerPort()).isEqualTo(8080));
			assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
			assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
			assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/livez");
			assertThat(container.getVolumeMounts()).anyMatch((mount) -> mount.getMountPath().equals("/tmp"));
			assertThat(container.getImage()).matches("[^:@]+(:[^:@]+|@sha256:[a-f0-9]{64})");
			Map<String, EnvVar> env = env(container);
			assertThat(env).containsKeys("CHAT_JWT_ISSUER", "CHAT_JWT_JWKS_URI", "CHAT_JWT_AUDIENCE", "KAFKA_BOOTSTRAP",
					"CHAT_TOPIC_PARTITIONS", "CHAT_TOPIC_REPLICATION");
			assertThat(env.get("CHAT_JWT_ISSUER").getValue()).isNotBlank();
			if (!component(deployment).equals("edge")) {
				assertThat(env).containsKeys("CHAT_DB_URL", "CHAT_DB_USER", "CHAT_DB_PASSWORD");
				assertThat(env.get("CHAT_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isNotBlank();
			}
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void edgeDrainsWithinItsGracePeriod(Path values) {
		Deployment edge = render(values).deployment("edge");
		PodSpec pod = edge.getSpec().getTemplate().getSpec();
		Container container = pod.getContainers().get(0);
		int preStop = container.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
		String drain = env(container).get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE").getValue();
		assertThat(preStop).isPositive();
		assertThat(drain).endsWith("s");
		assertThat(pod.getTerminationGracePeriodSeconds())
			.isGreaterThanOrEqualTo(preStop + Long.parseLong(drain.replace("s", "")) + 10);
		assertThat(env(container).get("CHAT_ALLOWED_ORIGINS").getValue()).startsWith("https://");
		assertThat(Integer.parseInt(env(container).get("CHAT_EDGE_LIMITS_MAXSESSIONS").getValue())).isPositive();
		assertThat(edge.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void presenceRunsOneInstanceReplacedNotRolled(Path values) {
		Rendered rendered = render(values);
		Deployment presence = rendered.deployment("presence");
		assertThat(presence.getSpec().getReplicas()).isEqualTo(1);
		assertThat(presence.getSpec().getStrategy().getType()).isEqualTo("Recreate");
		assertThat(rendered.all(HorizontalPodAutoscaler.class))
			.noneMatch((hpa) -> hpa.getSpec().getScaleTargetRef().getName().equals(presence.getMetadata().getName()));
		assertThat(rendered.all(PodDisruptionBudget.class)).noneMatch((pdb) -> component(pdb).equals("presence"));
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void scaledServicesHaveDisruptionBudgetsAndCautiousAutoscalers(Path values) {
		Rendered rendered = render(values);
		for (Deployment deployment : rendered.all(Deployment.class)) {
			String name = deployment.getMetadata().getName();
			HorizontalPodAutoscaler hpa = rendered.all(HorizontalPodAutoscaler.class)
				.stream()
				.filter((candidate) -> candidate.getSpec().getScaleTargetRef().getName().equals(name))
				.findFirst()
				.orElse(null);
			if (hpa != null) {
				assertThat(deployment.getSpec().getReplicas()).as("replicas belong to the HPA").isNull();
				assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isPositive();
				assertThat(hpa.getSpec().getMetrics()).anyMatch((metric) -> metric.getType().equals("Resource")
						&& metric.getResource().getName().equals("cpu"));
			}
			if (hpa != null || deployment.getSpec().getReplicas() > 1) {
				assertThat(rendered.all(PodDisruptionBudget.class)).as(name)
					.anyMatch((pdb) -> pdb.getSpec()
						.getSelector()
						.getMatchLabels()
						.equals(deployment.getSpec().getSelector().getMatchLabels()));
			}
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> edge = (Map<String, Object>) rendered.values().get("edge");
		@SuppressWarnings("unchecked")
		Map<String, Object> autoscaling = (Map<String, Object>) edge.get("autoscaling");
		@SuppressWarnings("unchecked")
		boolean connections = (boolean) ((Map<String, Object>) autoscaling.get("connections")).get("enabled");
		if ((boolean) autoscaling.get("enabled") && connections) {
			assertThat(rendered.hpa("edge").getSpec().getMetrics()).anyMatch((metric) -> metric.getType().equals("Pods")
					&& metric.getPods().getMetric().getName().equals("chat_edge_sessions"));
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void servicesSelectTheirOwnPods(Path values) {
		Rendered rendered = render(values);
		for (Service service : rendered.all(Service.class)) {
			List<Deployment> selected = rendered.all(Deployment.class)
				.stream()
				.filter((deployment) -> deployment.getSpec()
					.getTemplate()
					.getMetadata()
					.getLabels()
					.entrySet()
					.containsAll(service.getSpec().getSelector().entrySet()))
				.toList();
			assertThat(selected).as(service.getMetadata().getName()).singleElement();
			assertThat(service.getSpec().getPorts()).singleElement()
				.satisfies((port) -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void networkPoliciesOpenOnlyDnsKafkaPostgresJwksAndTheMessageService(Path values) {
		Rendered rendered = render(values);
		List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
		assertThat(policies).extracting(this::component).containsExactlyInAnyOrderElementsOf(COMPONENTS);
		@SuppressWarnings("unchecked")
		Map<String, Object> np = (Map<String, Object>) rendered.values().get("networkPolicy");
		@SuppressWarnings("unchecked")
		List<Integer> kafka = (List<Integer>) np.get("kafkaPorts");
		for (NetworkPolicy policy : policies) {
			assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
			List<String> egress = policy.getSpec()
				.getEgress()
				.stream()
				.flatMap((rule) -> rule.getPorts().stream())
				.map(NetworkPolicyPort::getPort)
				.map((port) -> port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal()))
				.toList();
			Set<String> allowed = new java.util.HashSet<>(Set.of("53", String.valueOf(np.get("jwksPort"))));
			kafka.forEach((port) -> allowed.add(String.valueOf(port)));
			if (component(policy).equals("edge")) {
				allowed.add("http");
			}
			else {
				allowed.add(String.valueOf(np.get("postgresqlPort")));
			}
			assertThat(egress).as(policy.getMetadata().getName()).containsAll(allowed).allMatch(allowed::contains);
			assertThat(policy.getSpec().getIngress()).allSatisfy((rule) -> {
				assertThat(rule.getPorts()).extracting((port) -> port.getPort().getStrVal()).containsExactly("http");
				if (!Boolean.TRUE.equals(np.get("allowExternal"))) {
					assertThat(rule.getFrom()).as("an empty from would admit every source").isNotEmpty();
				}
			});
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void clientsReachTheWebSocketWithLongTimeoutsAndEachApiOnItsService(Path values) {
		Rendered rendered = render(values);
		for (Ingress ingress : rendered.all(Ingress.class)) {
			assertThat(Integer
				.parseInt(ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
				.isGreaterThanOrEqualTo(3600);
			Map<String, String> backends = new java.util.HashMap<>();
			ingress.getSpec()
				.getRules()
				.get(0)
				.getHttp()
				.getPaths()
				.forEach((path) -> backends.put(path.getPath(), path.getBackend().getService().getName()));
			assertThat(backends).containsEntry("/ws", "prod-chat-edge")
				.containsEntry("/api/conversations", "prod-chat-message")
				.containsEntry("/api/conversations/[^/]+/receipts", "prod-chat-receipt")
				.containsEntry("/api/unread", "prod-chat-receipt")
				.containsEntry("/api/presence", "prod-chat-presence");
		}
		for (HTTPRoute route : rendered.all(HTTPRoute.class)) {
			assertThat(route.getSpec().getParentRefs()).isNotEmpty();
			assertThat(route.getSpec().getRules())
				.filteredOn((rule) -> rule.getMatches().get(0).getPath().getValue().equals("/ws"))
				.singleElement()
				.satisfies((rule) -> {
					assertThat(rule.getBackendRefs().get(0).getName()).isEqualTo("prod-chat-edge");
					assertThat(rule.getTimeouts().getRequest()).isNotBlank();
				});
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void monitoringObjectsScrapeActuatorAndKeepPrometheusTemplates(Path values) {
		Rendered rendered = render(values);
		for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
			assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies((endpoint) -> {
				assertThat(endpoint.getPort()).isEqualTo("http");
				assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
			});
			assertThat(rendered.all(Service.class)).allMatch((service) -> service.getMetadata()
				.getLabels()
				.entrySet()
				.containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()));
		}
		for (PrometheusRule rule : rendered.all(PrometheusRule.class)) {
			assertThat(rule.getSpec().getGroups()).flatMap((group) -> group.getRules()).allSatisfy((alert) -> {
				assertThat(alert.getAlert()).startsWith("Chat");
				assertThat(alert.getLabels()).containsKey("severity");
				assertThat(alert.getAnnotations()).containsKeys("summary", "description", "runbook_url");
				String runbook = alert.getAnnotations().get("runbook_url");
				assertThat(runbook).contains("#");
				assertThat(runbookAnchors()).as("a heading in docs/operations.md")
					.contains(runbook.substring(runbook.indexOf('#') + 1));
			});
			assertThat(rule.getSpec().getGroups().get(0).getRules())
				.anyMatch((alert) -> alert.getAnnotations().get("summary").contains("{{ $labels."));
		}
	}

	@ParameterizedTest
	@MethodSource("ciValues")
	void dashboardsShipAsGrafanaConfigMapsOfValidJson(Path values) throws Exception {
		Rendered rendered = render(values);
		List<io.fabric8.kubernetes.api.model.ConfigMap> dashboards = rendered
			.all(io.fabric8.kubernetes.api.model.ConfigMap.class)
			.stream()
			.filter((map) -> "1".equals(map.getMetadata().getLabels().get("grafana_dashboard")))
			.toList();
		@SuppressWarnings("unchecked")
		Map<String, Object> metrics = (Map<String, Object>) rendered.values().get("metrics");
		@SuppressWarnings("unchecked")
		boolean enabled = (boolean) ((Map<String, Object>) metrics.get("dashboards")).get("enabled");
		assertThat(dashboards).hasSize(enabled ? 1 : 0);
		for (io.fabric8.kubernetes.api.model.ConfigMap map : dashboards) {
			com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
				.readTree(map.getData().get("chat-overview.json"));
			assertThat(dashboard.get("uid").asText()).isEqualTo("chat-overview");
			assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(8).allSatisfy((panel) -> {
				assertThat(panel.get("targets")).isNotEmpty();
				panel.get("targets")
					.forEach((target) -> assertThat(target.get("expr").asText()).contains("namespace=\"$namespace\""));
			});
		}
	}

	/** GitHub's anchors of the headings in docs/operations.md, where the alerts link. */
	private static Set<String> runbookAnchors() {
		try {
			return java.nio.file.Files.readAllLines(Charts.ROOT.resolve("docs/operations.md"))
				.stream()
				.filter((line) -> line.startsWith("#"))
				.map((line) -> line.replaceFirst("^#+\\s*", "")
					.toLowerCase()
					.replaceAll("[^a-z0-9 -]", "")
					.replace(' ', '-'))
				.collect(java.util.stream.Collectors.toSet());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Map<String, EnvVar> env(Container container) {
		Map<String, EnvVar> env = new java.util.LinkedHashMap<>();
		container.getEnv()
			.forEach((var) -> assertThat(env.put(var.getName(), var)).as("duplicate " + var.getName()).isNull());
		return env;
	}

	private String component(HasMetadata object) {
		return object.getMetadata().getLabels().get("app.kubernetes.io/component");
	}

	record Rendered(List<HasMetadata> objects, Map<String, Object> values) {

		<T extends HasMetadata> List<T> all(Class<T> type) {
			return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
		}

		Deployment deployment(String component) {
			return all(Deployment.class).stream()
				.filter((d) -> component.equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
				.findFirst()
				.orElseThrow();
		}

		HorizontalPodAutoscaler hpa(String component) {
			return all(HorizontalPodAutoscaler.class).stream()
				.filter((d) -> component.equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
				.findFirst()
				.orElseThrow();
		}

	}

}
