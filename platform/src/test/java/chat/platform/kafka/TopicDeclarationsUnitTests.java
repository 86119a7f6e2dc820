package chat.platform.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicDeclarationsUnitTests {

	@Test
	void replicatedTopicsRequireAllButOneReplicaInSyncByDefault() {
		TopicDeclarations topics = new TopicDeclarations(new TopicsProperties(3, (short) 3, null));

		for (NewTopic topic : new NewTopic[] { topics.plain("a"), topics.compacted("b"),
				topics.retained("c", Duration.ofHours(1)), topics.deadLetter("d") }) {
			assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
		}
		assertThat(topics.compacted("b").configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG,
				TopicConfig.CLEANUP_POLICY_COMPACT);
	}

	@Test
	void minInsyncReplicasCanBeSetAndIsLeftToTheBrokerForASingleReplica() {
		assertThat(new TopicDeclarations(new TopicsProperties(3, (short) 3, 3)).plain("a").configs())
			.containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3");
		Map<String, String> single = new TopicDeclarations(new TopicsProperties(3, (short) 1, null)).plain("a")
			.configs();
		assertThat((single != null) ? single : Map.of()).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
		assertThatIllegalArgumentException().isThrownBy(() -> new TopicsProperties(3, (short) 3, 4));
	}

}
