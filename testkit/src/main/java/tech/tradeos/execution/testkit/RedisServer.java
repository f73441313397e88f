package tech.tradeos.execution.testkit;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import tech.tradeos.execution.embedded.EmbeddedKafka;

/** A redis-server of the test's own on a free port, so stopping it never touches the machine's Redis. */
public final class RedisServer implements AutoCloseable {
    public final int port;
    private final Path dir;
    private Process process;

    public RedisServer() throws IOException {
        port = EmbeddedKafka.freePort();
        dir = Files.createTempDirectory("tradeos-redis");
        start();
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }

    public void stop() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
