package chat.presence.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import chat.contracts.Topics;
import chat.devinfra.DevPostgres;
import chat.presence.IntegrationTestSupport;
import chat.presence.PresenceServiceApplication;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the presence service on one database and one broker (their own, so the
 * shared test context's consumer groups are not touched): only one consumes session
 * events, heartbeats and typing commands; the other waits and takes over when the first
 * stops.
 */
class TwoReplicasIntegrationTests extends IntegrationTestSupport {

	private static final DevPostgres.Database DATABASE = DevPostgres.freshDatabase("presence_two");

	private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	private EmbeddedKafkaKraftBroker replicasBroker;

	@BeforeEach
	void startBroker() {
		this.replicasBroker = new EmbeddedKafkaKraftBroker(1, 3, Topics.CONNECTIONS, Topics.TYPING_COMMANDS,
				Topics.CONVERSATIONS);
		this.replicasBroker.afterPropertiesSet();
	}

	@AfterEach
	void close() {
		this.replicas.forEach(ConfigurableApplicationContext::close);
		this.replicasBroker.destroy();
	}

	@Test
	void onlyOneReplicaConsumesAndTheOtherTakesOverWhenItStops() {
		ConfigurableApplicationContext first = replica("replica-a");
		await().atMost(PATIENCE).until(() -> ownsPartitions(first));
		ConfigurableApplicationContext second = replica("replica-b");

		assertThat(ActiveInstance.LISTENERS).allSatisfy(id -> {
			assertThat(container(second, id).isRunning()).as("standby runs %s", id).isFalse();
			assertThat(container(first, id).isRunning()).as("active runs %s", id).isTrue();
		});
		assertThat(second.getBean(ActiveInstance.class).isActive()).isFalse();

		first.close();

		await().atMost(PATIENCE).until(() -> second.getBean(ActiveInstance.class).isActive());
		await().atMost(PATIENCE).until(() -> ownsPartitions(second));
	}

	private ConfigurableApplicationContext replica(String instanceId) {
		List<String> args = new ArrayList<>(List.of("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + this.replicasBroker.getBrokersAsString(),
				"--spring.kafka.consumer.group-id=presence-two-replicas",
				"--chat.kafka.consumer.instance-id=" + instanceId, "--chat.presence.active.check-interval=200ms",
				"--chat.presence.active.exit-on-loss=false", "--chat.presence.online.heartbeat-interval=1s",
				"--chat.presence.online.lease=3s", "--chat.presence.online.warm-up=1500ms",
				"--spring.main.banner-mode=off"));
		DATABASE.dataSourceProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		TOKENS.resourceServerProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PresenceServiceApplication.class)
			.run(args.toArray(String[]::new));
		this.replicas.add(context);
		return context;
	}

	private static boolean ownsPartitions(ConfigurableApplicationContext replica) {
		Collection<TopicPartition> assigned = container(replica, "connections").getAssignedPartitions();
		return assigned != null && assigned.size() == 3;
	}

	private static MessageListenerContainer container(ConfigurableApplicationContext replica, String id) {
		return replica.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(id);
	}

}
