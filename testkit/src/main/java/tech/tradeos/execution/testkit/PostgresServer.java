package tech.tradeos.execution.testkit;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tech.tradeos.execution.embedded.EmbeddedKafka;

/**
 * A PostgreSQL server of the test's own (the machine's binaries, a fresh cluster on a free port,
 * trust auth), so a test can stop and restart it without touching the machine's server. PostgreSQL
 * refuses to run as root, so as root the cluster belongs to, and runs as, the {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {
    public final int port;
    private final Path bin;
    private final Path dir;
    private final boolean asRoot;
    private Process process;

    public PostgresServer() throws IOException, InterruptedException {
        port = EmbeddedKafka.freePort();
        bin = binaries();
        asRoot = "root".equals(System.getProperty("user.name"));
        dir = Files.createTempDirectory("tradeos-pg");
        if (asRoot) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8"), asRoot);
        start();
    }

    /** jdbc URL of the server's {@code postgres} database (user {@code postgres}, no password). */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public void start() throws IOException {
        List<String> command = command(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
                "-c", "fsync=off", "-c", "full_page_writes=off"), asRoot);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("postgres.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited: " + Files.readString(dir.resolve("postgres.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("postgres did not start on " + port);
    }

    /** Stops the server at once (SIGQUIT: immediate shutdown, like a crash; WAL replay on the next start). */
    public void stop() throws InterruptedException, IOException {
        if (process != null && process.isAlive()) {
            // as root the process is runuser; signal the postmaster itself through its pid file
            String pid = Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim();
            new ProcessBuilder("kill", "-QUIT", pid).inheritIO().start().waitFor();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql"));
        }
    }

    private static List<String> command(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return full;
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(command, asPostgres)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
