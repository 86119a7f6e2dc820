package chat.platform.kafka;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance that dies with {@code kill -9} holding all partitions of its group: the
 * instance started after it owns them within 10 s of being ready, whether it is the same
 * instance restarted (same instance id) or a replacement with another id. A listener
 * started before its topic exists gets the topic's partitions within 10 s of its
 * creation. The dead instance is a separate JVM running the same application, so it has
 * exactly the settings the platform gives every service.
 */
@SpringBootTest(classes = GroupFailoverIntegrationTests.Broker.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(partitions = 3, topics = GroupFailoverIntegrationTests.TOPIC,
		brokerProperties = "auto.create.topics.enable=false")
class GroupFailoverIntegrationTests {

	static final String TOPIC = "chat.platform-failover.v1";

	static final String LISTENER = "failover";

	/** The requirement: a restarted or replacement instance works within 10 s. */
	static final Duration TAKEOVER = Duration.ofSeconds(10);

	@Autowired
	private EmbeddedKafkaBroker broker;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void restartedInstanceTakesOverAtOnce() throws Exception {
		String group = "failover-restart";
		killed(group, "node-a");

		assertTakesOverInTime(group, "node-a");
	}

	@Test
	void replacementWithAnotherIdTakesOverWithinTheSessionTimeout() throws Exception {
		String group = "failover-replace";
		killed(group, "node-a");

		assertTakesOverInTime(group, "node-b");
	}

	@Test
	void aTopicCreatedAfterTheListenerStartedIsConsumedWithinSeconds() throws Exception {
		String topic = "chat.platform-late-topic.v1";
		List<String> arguments = new ArrayList<>(arguments("late-topic", "node-a"));
		arguments.add("--failover.topic=" + topic);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
		this.contexts.add(context);
		MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(LISTENER);
		await().atMost(TAKEOVER).until(container::isRunning);

		// the writer declares the topic after its reader subscribed (services start in
		// any order)
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}

		await().atMost(TAKEOVER).until(() -> container.getAssignedPartitions().size() == 3);
	}

	/**
	 * Runs the application in its own JVM until it owns every partition, then kills it
	 * with SIGKILL: no leave, no commit, its group membership left behind.
	 */
	private void killed(String group, String instanceId) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp",
						System.getProperty("java.class.path"), App.class.getName()));
		command.addAll(arguments(group, instanceId));
		Process instance = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(instance.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null && !line.contains(App.OWNS_ALL)) {
				// skip start-up logging
			}
			assertThat(line).as("the first instance got every partition").isNotNull();
		}
		finally {
			instance.destroyForcibly(); // SIGKILL
			assertThat(instance.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	private void assertTakesOverInTime(String group, String instanceId) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run(arguments(group, instanceId).toArray(String[]::new));
		this.contexts.add(context);
		long ready = System.nanoTime();
		MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(LISTENER);

		await().atMost(TAKEOVER).until(() -> container.getAssignedPartitions().size() == 3);
		System.out.printf("FAILOVER %s: all partitions %d ms after ready%n", group,
				Duration.ofNanos(System.nanoTime() - ready).toMillis());
	}

	private List<String> arguments(String group, String instanceId) {
		return List.of("--spring.kafka.bootstrap-servers=" + this.broker.getBrokersAsString(),
				"--spring.kafka.consumer.group-id=" + group, "--chat.kafka.consumer.instance-id=" + instanceId,
				"--spring.main.banner-mode=off", "--logging.level.root=WARN",
				// required by the platform; nothing here checks a token
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.platform.test",
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://issuer.platform.test/jwks",
				"--spring.security.oauth2.resourceserver.jwt.audiences=chat");
	}

	/** Only hosts the broker for the test. */
	@SpringBootConfiguration
	static class Broker {

	}

	/** A minimal service: the platform's auto-configuration and one listener. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		static final String OWNS_ALL = "OWNS ALL PARTITIONS";

		public static void main(String[] args) throws Exception {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
				.web(WebApplicationType.NONE)
				.run(args);
			MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
				.getListenerContainer(LISTENER);
			await().atMost(Duration.ofMinutes(2)).until(() -> container.getAssignedPartitions().size() == 3);
			System.out.println(OWNS_ALL);
			System.out.flush();
			Thread.currentThread().join(); // until killed
			SpringApplication.exit(context);
		}

		@Bean
		KafkaAdmin.NewTopics topics(TopicDeclarations topics) {
			return new KafkaAdmin.NewTopics(topics.deadLetter(TOPIC));
		}

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

	static class Listener {

		@KafkaListener(id = LISTENER, topics = "${failover.topic:" + TOPIC + "}")
		public void listen(ConsumerRecord<String, String> record) {
			// only partition ownership matters here
		}

	}

}
