package tech.tradeos.execution.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.OpenTransactions;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.topology.BrokerCheck;

/**
 * {@code tradeos transactions}: lists the transactions open on the product's topics (its own and the
 * router's internal ones) for longer than a bound, says which hang — no coordinator will ever end them —
 * and with {@code --abort} writes their abort markers, so the read_committed readers stuck behind them move on.
 */
@Command(name = "transactions",
        description = {"Find transactions left open on the product's topics, and abort the hanging ones.",
                "A hanging transaction (its coordinator no longer tracks it: e.g. a broker restart timed it out without"
                        + " writing its abort markers) stops every read_committed reader of its partition for ever;"
                        + " the router's and the sink's /health say 503 with stuckPartitions.",
                "Aborting a HANGING transaction is safe: its records were never visible to a read_committed reader,"
                        + " and the router re-processes its input from its committed offsets. An OPEN one ends by itself"
                        + " within its producer's transaction timeout; --force aborts it too (its producer then fails"
                        + " its commit and retries).",
                "Exit 0: nothing hangs (or everything hanging was aborted); 4: hanging transactions remain; 3: Kafka"
                        + " cannot be reached."},
        mixinStandardHelpOptions = true)
final class TransactionsCommand implements Callable<Integer> {
    static final int EXIT_HANGING = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}",
            description = "Config file (default: $TRADEOS_CONFIG).")
    Path config;

    @Option(names = "--older-than", paramLabel = "<duration>",
            description = "Only transactions whose producer last wrote longer ago than this (ISO-8601, e.g. PT5M;"
                    + " default: kafka.hanging-transaction-ms).")
    Duration olderThan;

    @Option(names = "--abort", description = "Abort the HANGING transactions found.")
    boolean abort;

    @Option(names = "--force", description = "With --abort: abort OPEN transactions too.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        String problem = BrokerCheck.problem(cfg, RouterCommand.STARTUP_PATIENCE);
        if (problem != null) {
            spec.commandLine().getErr().println("tradeos transactions: " + problem);
            return Tradeos.EXIT_UNAVAILABLE;
        }
        Duration bound = olderThan != null ? olderThan : Duration.ofMillis(cfg.kafka().hangingTransactionMs());
        try (Admin admin = Admin.create(KafkaClients.admin(cfg))) {
            List<OpenTransactions.Open> open = OpenTransactions.find(admin, productTopics(admin, cfg), bound, Instant.now());
            if (open.isEmpty()) {
                out.println("no transaction open longer than " + bound + " on the product's topics");
                return 0;
            }
            int hanging = 0;
            for (OpenTransactions.Open t : open) {
                boolean abortIt = abort && (t.verdict() == OpenTransactions.Verdict.HANGING || force);
                out.printf("%-7s %s-%d producerId=%d epoch=%d since offset %d, last write %s, transactional id %s (%s)%s%n",
                        t.verdict(), t.topic(), t.partition(), t.producerId(), t.producerEpoch(), t.startOffset(),
                        t.lastWrite(), t.transactionalId() == null ? "unknown to the coordinators" : t.transactionalId(),
                        t.coordinatorState() == null ? "no coordinator state" : "coordinator: " + t.coordinatorState(),
                        abortIt ? " -> aborting" : "");
                if (abortIt) {
                    OpenTransactions.abort(admin, t);
                } else if (t.verdict() == OpenTransactions.Verdict.HANGING) {
                    hanging++;
                }
            }
            out.flush();
            if (hanging > 0) {
                out.println(hanging + " hanging; run again with --abort to abort them");
                return EXIT_HANGING;
            }
            return 0;
        }
    }

    /** The product's topics and the router's internal ones (repartition topics and changelogs). */
    private static List<String> productTopics(Admin admin, TradeosConfig cfg) throws Exception {
        List<String> topics = new ArrayList<>(Topics.from(cfg).all());
        String prefix = cfg.kafka().applicationId() + "-";
        admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix)).sorted().forEach(topics::add);
        List<String> existing = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        topics.retainAll(existing);
        return topics;
    }
}
