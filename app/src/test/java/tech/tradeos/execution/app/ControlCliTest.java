package tech.tradeos.execution.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tradeos control} refuses what it cannot mean exactly, before it reaches a broker: an unknown instrument or
 * venue, a mistyped limit, a limit option on another action. (The broker here does not exist: a refused instruction
 * never gets as far as looking for it.)
 */
class ControlCliTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ControlCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anUnknownInstrumentOrVenueIsRefusedNotSent() {
        Run halt = run("halt", "--instrument", "BTCUSD", "--by", "alice", "--reason", "typo");
        assertThat(halt.exit()).isEqualTo(2);
        assertThat(halt.err()).contains("unknown instrument BTCUSD").contains("nothing was sent");
        assertThat(halt.out()).doesNotContain("sent:");
        Run disable = run("disable", "--venue", "KRAKEN", "--by", "alice", "--reason", "typo");
        assertThat(disable.exit()).isEqualTo(2);
        assertThat(disable.err()).contains("unknown venue KRAKEN");
    }

    @Test
    void aLimitsInstructionMustNameValidLimitsAndOnlyThose() {
        Run none = run("limits", "--by", "bob", "--reason", "nothing named");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("must name at least one");
        Run bad = run("limits", "--max-order-notional-usd", "lots", "--by", "bob", "--reason", "typo");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("must be a decimal or \"none\"");
        Run misplaced = run("halt", "--max-order-notional-usd", "100", "--by", "bob", "--reason", "typo");
        assertThat(misplaced.exit()).isEqualTo(2);
        assertThat(misplaced.err()).contains("belong to 'limits'");
    }
}
