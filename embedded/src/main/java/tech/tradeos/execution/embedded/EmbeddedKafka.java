package tech.tradeos.execution.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft broker in this JVM (shared/KAFKA.md): the demo's broker, and the one the
 * integration tests start once per test class. Exactly-once needs the transaction-state settings below.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaRaftServer server;
    private final int port;
    private final Path dir;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path dir) {
        this.server = server;
        this.port = port;
        this.dir = dir;
    }

    public static EmbeddedKafka start() {
        try {
            Path dir = Files.createTempDirectory("tradeos-kafka");
            int port = freePort();
            int controller = freePort();
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            props.put("log.dirs", dir.resolve("data").toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "3");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "3");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("group.min.session.timeout.ms", "1000"); // lets failover tests and benches detect a dead member fast
            props.put("num.partitions", "3");
            Path propsFile = dir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(propsFile)) {
                props.store(out, null);
            }
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int rc = kafka.tools.StorageTool$.MODULE$.execute(new String[]{"format", "--standalone", "-t",
                    Uuid.randomUuid().toString(), "-c", propsFile.toString()}, new PrintStream(log));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + log);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(server, port, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Stops the broker and deletes its logs: a demo or a test run leaves nothing behind in the temp dir. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a file still held open stays for the OS's temp cleaning
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
