package tech.tradeos.execution.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tech.tradeos.execution.embedded.EmbeddedKafka;

/**
 * One real KRaft broker per test class, with a plain client:
 * {@code @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();}
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafka kafka;
    private KafkaTestClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.start();
        client = new KafkaTestClient(kafka.bootstrapServers());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        kafka.close();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public KafkaTestClient client() {
        return client;
    }
}
