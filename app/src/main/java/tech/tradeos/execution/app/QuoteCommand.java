package tech.tradeos.execution.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.config.ConfigException;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.routing.InstrumentMarket;
import tech.tradeos.execution.model.routing.Quotes;
import tech.tradeos.execution.model.routing.RoutingOutcome;
import tech.tradeos.execution.model.routing.SmartOrderRouter;

/**
 * {@code tradeos quote}: routes one OPEN intent offline from files (the README). Prints the RoutedOrder
 * and exits 0, or the Rejection and exits 2; a file it cannot use is refused with exit 1.
 */
@Command(name = "quote",
        description = {"Route one OPEN intent offline from files, no broker needed.",
                "Prints the RoutedOrder JSON (exit 0) or the Rejection JSON (exit 2);",
                "unreadable files, malformed JSON or bad options: a message on stderr, exit 1."},
        mixinStandardHelpOptions = true)
final class QuoteCommand implements Callable<Integer> {
    static final int EXIT_ROUTED = 0;
    static final int EXIT_REJECTED = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "<yaml>", description = "Config file (defaults apply to keys it leaves out).")
    Path config;

    @Option(names = "--books", paramLabel = "<jsonl>", description = "Book snapshots, one JSON object per line.")
    Path books;

    @Option(names = "--funding", paramLabel = "<jsonl>", description = "Funding rates, one JSON object per line.")
    Path funding;

    @Option(names = "--intent", paramLabel = "<json>", required = true, description = "The approved intent (one JSON object).")
    Path intent;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
            JsonNode intentNode = readIntent();
            Quotes.Read read = Quotes.read(intentNode, clock.instant());
            if (read instanceof Quotes.Invalid invalid) {
                return print(out, invalid.rejection(), EXIT_REJECTED);
            }
            ApprovedIntent approved = ((Quotes.Valid) read).intent();
            if (approved.action() != Action.OPEN) {
                return reject(out, intentNode, RejectReason.INVALID_INTENT,
                        "quote routes OPEN intents only: a CLOSE needs the position the sink holds");
            }
            InstrumentMarket market = readMarket(approved.instrument());
            RoutingOutcome outcome = new SmartOrderRouter(cfg).route(approved, market, null);
            return print(out, Quotes.message(outcome, intentNode, clock.instant()),
                    outcome instanceof RoutingOutcome.Routed ? EXIT_ROUTED : EXIT_REJECTED);
        } catch (InputException | ConfigException e) {
            spec.commandLine().getErr().println("tradeos quote: " + e.getMessage());
            return Tradeos.EXIT_USAGE;
        }
    }

    private int reject(PrintWriter out, JsonNode intentNode, RejectReason reason, String detail) {
        return print(out, Rejection.of(intentNode, reason, detail, clock.instant()), EXIT_REJECTED);
    }

    private static int print(PrintWriter out, Object message, int exit) {
        out.println(Json.pretty(message));
        out.flush();
        return exit;
    }

    private JsonNode readIntent() {
        String text = readText(intent);
        try {
            JsonNode node = Json.tree(text);
            if (!node.isObject()) {
                throw new InputException(intent + ": the intent must be a JSON object, found " + node.getNodeType());
            }
            return node;
        } catch (IOException e) {
            throw new InputException(intent + ": " + Json.describe(e));
        }
    }

    private InstrumentMarket readMarket(String instrument) {
        InstrumentMarket[] market = {InstrumentMarket.empty(instrument)};
        readLines(books, BookSnapshot.class, b -> {
            if (b.instrument().equals(instrument)) {
                market[0] = market[0].withBook(b);
            }
        });
        readLines(funding, FundingRate.class, f -> {
            if (f.instrument().equals(instrument)) {
                market[0] = market[0].withFunding(f);
            }
        });
        return market[0];
    }

    /** Reads a JSON-lines file; the first bad line stops the command with its file and line number. */
    private static <T> void readLines(Path file, Class<T> type, Consumer<T> sink) {
        if (file == null) {
            return;
        }
        List<String> lines = List.of(readText(file).split("\r?\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                sink.accept(Json.read(line, type));
            } catch (IOException | IllegalArgumentException e) {
                throw new InputException(file + ":" + (i + 1) + ": invalid " + type.getSimpleName() + ": " + Json.describe(e));
            }
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** A user's file that cannot be used: refused with exit 1, never dead-lettered. */
    static final class InputException extends RuntimeException {
        InputException(String message) {
            super(message);
        }
    }
}
