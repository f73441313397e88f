package tech.tradeos.execution.app;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.control.ControlCommand;
import tech.tradeos.execution.model.control.Limits;
import tech.tradeos.execution.model.topic.KafkaClients;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.topology.BrokerCheck;
import tech.tradeos.execution.topology.control.ControlDesk;

/** {@code tradeos control}: writes one operator instruction to execution.control, which every router applies. */
@Command(name = "control",
        description = {"Give every router an instruction through execution.control (applied in order, for the next intent):",
                "  halt|resume [--venue V | --instrument I]   everything, one venue or one instrument (intents: HALTED)",
                "  disable|enable --venue V                   take a venue out of routing, or back (VENUE_DISABLED)",
                "  fee --venue V --bps N                      the venue's taker fee from now on",
                "  limits [--max-order-notional-usd N] [--max-venue-position-notional-usd N]",
                "         [--max-instrument-position-notional-usd N] [--max-intents-per-minute N]   (left out: no limit)",
                "--by and --reason are required: every change is logged and shown with them."},
        mixinStandardHelpOptions = true)
final class ControlCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<action>", description = "halt, resume, disable, enable, fee or limits")
    String action;

    @Option(names = "--config", paramLabel = "<yaml>", defaultValue = "${env:TRADEOS_CONFIG}", description = "Config file (default: $TRADEOS_CONFIG).")
    Path config;

    @Option(names = "--venue") String venue;
    @Option(names = "--instrument") String instrument;
    @Option(names = "--bps", description = "fee: the taker fee in bps") BigDecimal bps;
    @Option(names = "--max-order-notional-usd") BigDecimal maxOrder;
    @Option(names = "--max-venue-position-notional-usd") BigDecimal maxVenue;
    @Option(names = "--max-instrument-position-notional-usd") BigDecimal maxInstrument;
    @Option(names = "--max-intents-per-minute") Integer maxRate;
    @Option(names = "--by", required = true, description = "Who gives the instruction.") String by;
    @Option(names = "--reason", required = true, description = "Why.") String reason;

    @Override
    public Integer call() throws Exception {
        ControlCommand.Action a = switch (action) {
            case "halt" -> ControlCommand.Action.HALT;
            case "resume" -> ControlCommand.Action.RESUME;
            case "disable" -> ControlCommand.Action.DISABLE_VENUE;
            case "enable" -> ControlCommand.Action.ENABLE_VENUE;
            case "fee" -> ControlCommand.Action.SET_FEE;
            case "limits" -> ControlCommand.Action.SET_LIMITS;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "': halt, resume, disable, enable, fee or limits");
        };
        TradeosConfig cfg = ConfigLoader.load(config, System.getenv());
        if (venue != null && !cfg.venues().containsKey(venue)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown venue " + venue + " (venues: " + cfg.venues().keySet() + ")");
        }
        ControlCommand command;
        try {
            command = new ControlCommand(a, venue, instrument, bps,
                    a == ControlCommand.Action.SET_LIMITS ? new Limits(maxOrder, maxVenue, maxInstrument, maxRate) : null,
                    by, reason, Instant.now());
        } catch (IllegalArgumentException invalid) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), invalid.getMessage());
        }
        String problem = BrokerCheck.problem(cfg, RouterCommand.STARTUP_PATIENCE);
        if (problem != null) {
            spec.commandLine().getErr().println("tradeos control: " + problem);
            return Tradeos.EXIT_UNAVAILABLE;
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(cfg), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ControlDesk.publish(producer, Topics.from(cfg).control().name(), command);
        }
        spec.commandLine().getOut().println("sent: " + command.describe());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
