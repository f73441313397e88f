package tech.tradeos.execution.topology;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.topic.KafkaClients;

/** Start-up's question to Kafka: does a broker answer at {@code kafka.bootstrap-servers}? */
public final class BrokerCheck {
    private BrokerCheck() {
    }

    /** Null when the cluster answers within {@code patience}; otherwise one sentence saying what to fix. */
    public static String problem(TradeosConfig config, Duration patience) {
        Properties props = KafkaClients.admin(config);
        int ms = (int) patience.toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 5_000));
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking Kafka at " + config.kafka().bootstrapServers();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return "cannot reach Kafka at " + config.kafka().bootstrapServers() + " within " + patience.toSeconds()
                    + " s (" + Redaction.message(cause) + "): start the brokers or fix kafka.bootstrap-servers";
        }
    }
}
