package tech.tradeos.execution.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.topic.Topics;

/** The control topic is created so that no retention can ever drop the latest instruction of a key. */
class TopicProvisionerTest {
    @Test
    void theControlTopicIsCompactedOnlyWithoutTimeOrSizeRetention() {
        TradeosConfig config = ConfigLoader.defaults();
        Topics topics = Topics.from(config);
        Map<String, String> control = TopicProvisioner.topicConfigs(config, topics, topics.control().name());
        assertThat(control).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1")
                .containsEntry("retention.bytes", "-1");
        assertThat(TopicProvisioner.topicConfigs(config, topics, topics.intentsApproved().name())).doesNotContainKey("retention.ms");
    }
}
