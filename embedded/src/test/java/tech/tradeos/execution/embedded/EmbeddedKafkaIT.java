package tech.tradeos.execution.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The broker the demo and the tests start leaves nothing behind once closed. */
class EmbeddedKafkaIT {
    @Test
    void closingTheBrokerDeletesItsLogs() throws Exception {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            dir = kafka.dir();
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic("leftover", 1, (short) 1))).all().get();
            }
            assertThat(Files.list(dir.resolve("data")).map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("leftover"));
        }
        assertThat(dir).doesNotExist();
    }
}
