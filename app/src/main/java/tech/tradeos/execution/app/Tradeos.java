package tech.tradeos.execution.app;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code tradeos} command: one entry point for every process the product runs. */
@Command(name = "tradeos",
        mixinStandardHelpOptions = true,
        version = "TradeOS Execution Layer 0.1.0",
        description = {"TradeOS Execution Layer: smart order routing, paper fills, audit ledger and TCA.",
                "Through the ./tradeos script also: demo (the whole layer on an embedded broker, its own jar; --mode LIVE) and",
                "bench (the pipeline and ledger benchmarks against raw Kafka and PostgreSQL, bench/target/benchmarks.jar)."},
        subcommands = {QuoteCommand.class, RouterCommand.class, SinkCommand.class, ExecutorCommand.class, VenueSimCommand.class,
                ControlCli.class, OrdersCommand.class, SimulateCommand.class, IngestCommand.class,
                TransactionsCommand.class, tech.tradeos.execution.app.replay.ReplayCommand.class,
                CommandLine.HelpCommand.class})
public final class Tradeos {
    /** Bad options, unreadable files, malformed input: the user's mistake, explained on stderr. */
    public static final int EXIT_USAGE = 1;
    /** A service could not start: Kafka or the ledger is missing; the sentence on stderr says which and how to fix it. */
    public static final int EXIT_UNAVAILABLE = 3;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every production subcommand; the demo jar adds {@code demo}. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Tradeos());
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("tradeos: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, failed.getErr())) {
                failed.getErr().println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            failed.getErr().println("tradeos: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return EXIT_USAGE;
        });
        return cmd;
    }
}
