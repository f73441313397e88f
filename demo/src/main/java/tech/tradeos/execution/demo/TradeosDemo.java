package tech.tradeos.execution.demo;

import picocli.CommandLine;
import tech.tradeos.execution.app.Tradeos;

/**
 * The demo's entry: the {@code tradeos} command plus {@code demo}, in a jar of its own so the production
 * jar carries no Kafka broker and no PostgreSQL binaries. {@code ./tradeos demo} runs it.
 */
public final class TradeosDemo {
    private TradeosDemo() {
    }

    public static void main(String[] args) {
        CommandLine cmd = Tradeos.commandLine();
        cmd.addSubcommand("demo", new DemoCommand());
        System.exit(cmd.execute(args));
    }
}
