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
import tech.tradeos.execution.model.control.LimitChange;
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
                "  limits [--max-order-notional-usd N|none] [--max-venue-position-notional-usd N|none]",
                "         [--max-instrument-position-notional-usd N|none] [--max-intents-per-minute N|none]",
                "         only the limits named change; 'none' removes one; one left out keeps its value",
                "A venue or instrument the config does not know is refused; nothing is sent.",
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
    @Option(names = "--max-order-notional-usd", paramLabel = "N|none") String maxOrder;
    @Option(names = "--max-venue-position-notional-usd", paramLabel = "N|none") String maxVenue;
    @Option(names = "--max-instrument-position-notional-usd", paramLabel = "N|none") String maxInstrument;
    @Option(names = "--max-intents-per-minute", paramLabel = "N|none") String maxRate;
    @Option(names = "--by", required = true, description = "Who gives the instruction.") String by;
    @Option(names = "--reason", required = true, description = "Why.") String reason;

    /** The limits named on the command line: only those change ({@code none} removes one). */
    private LimitChange limitChange() {
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> named = new java.util.LinkedHashMap<>();
        var text = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (maxOrder != null) {
            named.put(LimitChange.ORDER, text.textNode(maxOrder));
        }
        if (maxVenue != null) {
            named.put(LimitChange.VENUE_POSITION, text.textNode(maxVenue));
        }
        if (maxInstrument != null) {
            named.put(LimitChange.INSTRUMENT_POSITION, text.textNode(maxInstrument));
        }
        if (maxRate != null) {
            named.put(LimitChange.RATE, text.textNode(maxRate));
        }
        return LimitChange.fromJson(named);
    }

    /** A limit option on another action is a mistake, not something to ignore. */
    private LimitChange unlessLimits() {
        if (maxOrder != null || maxVenue != null || maxInstrument != null || maxRate != null) {
            throw new IllegalArgumentException("the --max-* options belong to 'limits', not '" + action + "'");
        }
        return null;
    }

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
        ControlCommand command;
        try {
            command = new ControlCommand(a, venue, instrument, bps, a == ControlCommand.Action.SET_LIMITS ? limitChange() : unlessLimits(),
                    by, reason, Instant.now());
        } catch (IllegalArgumentException invalid) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), invalid.getMessage());
        }
        java.util.Optional<String> unknown = command.problemWith(cfg);
        if (unknown.isPresent()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), unknown.get() + "; nothing was sent");
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
        org.slf4j.LoggerFactory.getLogger("tech.tradeos.execution.audit").info("control instruction sent from {}@{} (tradeos control): {}",
                System.getProperty("user.name"), java.net.InetAddress.getLocalHost().getHostName(), command.describe());
        spec.commandLine().getOut().println("sent: " + command.describe());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
