package tech.tradeos.execution.app.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.model.Region;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.paper.PaperFillModel;

/**
 * {@code tradeos replay}: a recorded or generated day through the router topology on simulated time, and the report
 * of what the SOR did with it — against the static priority list it replaces (docs/README.md §Replay).
 */
@Command(name = "replay",
        description = {"Run a recorded day of books, funding and intents (JSON lines, each file in time order) through the",
                "router on simulated time with paper fills and funding settlements; print per venue share, SOR vs static",
                "priority savings (expected and realized), carry and slippage. Needs no broker, ledger or network.",
                "'tradeos replay generate' writes a simulated day to replay."},
        mixinStandardHelpOptions = true,
        subcommands = ReplayCommand.Generate.class)
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--books", paramLabel = "<jsonl>", description = "Book snapshots, one per line.")
    Path books;

    @Option(names = "--funding", paramLabel = "<jsonl>", description = "Funding records, one per line.")
    Path funding;

    @Option(names = "--intents", paramLabel = "<jsonl>", description = "Approved intents, one per line.")
    Path intents;

    @Option(names = "--from", paramLabel = "<instant>", description = "Replay from this instant (ISO-8601, inclusive).")
    Instant from;

    @Option(names = "--to", paramLabel = "<instant>", description = "Replay until this instant (exclusive).")
    Instant to;

    @Mixin
    Setting setting;

    @Option(names = "--fill-model", description = "Override paper.fill-model: ${COMPLETION-CANDIDATES}. The report also shows the other.")
    PaperFillModel fillModel;

    @Override
    public Integer call() throws Exception {
        for (Map.Entry<String, Path> f : Map.of("--books", nonNull(books, "--books"), "--funding", nonNull(funding, "--funding"),
                "--intents", nonNull(intents, "--intents")).entrySet()) {
            if (!Files.isReadable(f.getValue())) {
                throw new ParameterException(spec.commandLine(), f.getKey() + ": cannot read " + f.getValue());
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ParameterException(spec.commandLine(), "--from must be before --to");
        }
        TradeosConfig cfg = setting.load(fillModel);
        PaperFillModel otherModel = cfg.paper().fillModel() == PaperFillModel.MID_ATR ? PaperFillModel.BOOK_WALK : PaperFillModel.MID_ATR;
        ReplayReport main = ReplayReport.of(cfg, Replay.run(cfg, books, funding, intents, from, to));
        TradeosConfig otherCfg = setting.load(otherModel);
        ReplayReport other = ReplayReport.of(otherCfg, Replay.run(otherCfg, books, funding, intents, from, to));
        spec.commandLine().getOut().print(main.render(other));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Path nonNull(Path p, String option) {
        if (p == null) {
            throw new ParameterException(spec.commandLine(), "missing " + option + " (or use 'tradeos replay generate')");
        }
        return p;
    }

    /** The config and region both commands take. */
    static final class Setting {
        @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}",
                description = "Config file (default: $TRADEOS_CONFIG): its venues, fees, routing and paper settings.")
        Path config;

        @Option(names = "--region", description = "Override the config's region: ${COMPLETION-CANDIDATES}.")
        Region region;

        TradeosConfig load(PaperFillModel fillModel) {
            return ReplayCommand.load(config, region, fillModel);
        }
    }

    static TradeosConfig load(Path config, Region region, PaperFillModel fillModel) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (region != null) {
            env.put("TRADEOS_REGION", region.name());
        }
        if (fillModel != null) {
            env.put("TRADEOS_PAPER_FILL_MODEL", fillModel.name());
        }
        env.put("TRADEOS_MODE", "PAPER");
        return ConfigLoader.load(config, env);
    }

    /** {@code tradeos replay generate}: a simulated day in the replay's three files. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write a simulated day for 'tradeos replay': the demo's market (funding regimes that flip spot vs perp",
                    "decisions, thin tops, silent feeds) for the configured venues, and intents closed when their hold ends."})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "<dir>", description = "Directory for books.jsonl, funding.jsonl, intents.jsonl.")
        Path out;

        @Option(names = "--hours", defaultValue = "24", description = "Length of the day in hours (default ${DEFAULT-VALUE}, at most 168).")
        int hours;

        @Option(names = "--start", defaultValue = "2026-11-25T00:00:00Z", description = "Its first instant (default ${DEFAULT-VALUE}).")
        Instant start;

        @Option(names = "--tick-seconds", defaultValue = "30", description = "A book per venue and instrument every this many seconds (default ${DEFAULT-VALUE}).")
        int tickSeconds;

        @Option(names = "--intent-every-seconds", defaultValue = "120", description = "Mean time between opens (default ${DEFAULT-VALUE}).")
        int intentEverySeconds;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}): the same seed writes the same day.")
        long seed;

        @Mixin
        Setting setting;

        @Override
        public Integer call() throws Exception {
            if (hours < 1 || hours > 168) {
                throw new ParameterException(spec.commandLine(), "--hours must be between 1 and 168");
            }
            if (tickSeconds < 1 || tickSeconds > 3600 || intentEverySeconds < 1) {
                throw new ParameterException(spec.commandLine(), "--tick-seconds must be 1–3600 and --intent-every-seconds ≥ 1");
            }
            DayGenerator.Written w = DayGenerator.write(setting.load(null), out, start, Duration.ofHours(hours),
                    Duration.ofSeconds(tickSeconds), Duration.ofSeconds(intentEverySeconds), seed);
            spec.commandLine().getOut().printf("wrote %d books to %s, %d funding records to %s, %d intents to %s%n",
                    w.bookCount(), w.books(), w.fundingCount(), w.funding(), w.intentCount(), w.intents());
            return 0;
        }
    }
}
