package tech.tradeos.execution.app.replay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.Versioned;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.position.FundingSettlement;
import tech.tradeos.execution.model.position.PositionLedger;
import tech.tradeos.execution.model.topic.Topics;
import tech.tradeos.execution.topology.RouterStreamsConfig;
import tech.tradeos.execution.topology.RouterTopology;
import tech.tradeos.execution.topology.metrics.RouterMetrics;

/**
 * {@code tradeos replay}'s engine (docs/README.md §Replay): a recorded day of books, funding and intents through the
 * production router topology on simulated time — Kafka Streams' TopologyTestDriver, one record at a time in time
 * order, its wall clock moved to each record's time — with the configured paper fills, and the funding each
 * settlement pays on the lots the SOR's orders opened (the ledger's rule, {@link FundingSettlement}). Single-threaded
 * and clock-free: the same files and config give the same result.
 */
public final class Replay {

    /** A routed order, its paper fill (null when none), and the funding its lot received (negative: paid), in USD. */
    public record Decision(RoutedOrder order, Fill fill, BigDecimal funding) {
    }

    /** One settlement's payment on one lot. */
    public record Payment(FundingSettlement settlement, String orderId, BigDecimal lotQuantity, BigDecimal amount) {
    }

    /**
     * Everything the replay saw and produced; {@code openAtEnd}: the OPEN orders whose lot was still (partly) held
     * when the data ended — their carry was not all paid yet.
     */
    public record Result(List<Decision> decisions, List<Rejection> rejections, List<Payment> payments, long books,
                         long funding, long intents, long deadLetters, Instant first, Instant last,
                         java.util.Set<String> openAtEnd) {
    }

    private Replay() {
    }

    public static Result run(TradeosConfig config, Path books, Path funding, Path intents, Instant from, Instant to)
            throws IOException {
        Path stateDir = Files.createTempDirectory("tradeos-replay");
        try (ReplayInput input = new ReplayInput(books, funding, intents, from, to)) {
            ReplayInput.Line line = input.next();
            if (line == null) {
                return new Result(List.of(), List.of(), List.of(), 0, 0, 0, 0, null, null, java.util.Set.of());
            }
            Properties props = RouterStreamsConfig.properties(config);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            Topics topics = Topics.from(config);
            try (TopologyTestDriver driver = new TopologyTestDriver(RouterTopology.build(config,
                    new RouterMetrics(new SimpleMeterRegistry()), PositionLedger.NONE), props, line.at())) {
                return new Run(config, topics, driver).all(input, line);
            }
        } finally {
            deleteTree(stateDir);
        }
    }

    /** One replay's state: the driver's topics, what came out, the funding held, the lots opened. */
    private static final class Run {
        private final TradeosConfig config;
        private final TopologyTestDriver driver;
        private final Map<ReplayInput.Kind, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
        private final TestOutputTopic<String, RoutedOrder> orders;
        private final TestOutputTopic<String, Fill> fills;
        private final TestOutputTopic<String, Rejection> rejected;
        private final TestOutputTopic<byte[], byte[]> dlq;
        private final List<RoutedOrder> routed = new ArrayList<>();
        private final Map<String, Fill> fillOf = new HashMap<>();
        private final List<Rejection> rejections = new ArrayList<>();
        private final Map<String, FundingRate> heldFunding = new HashMap<>();
        /** Per instrument and venue, every fill in time order: lots are rebuilt from them at each settlement. */
        private final Map<String, List<Fill>> fillsAt = new HashMap<>();
        private final List<Payment> payments = new ArrayList<>();
        private final Map<String, BigDecimal> fundingOfOrder = new HashMap<>();
        private long books;
        private long funding;
        private long intents;
        private long deadLetters;
        private Instant now;

        Run(TradeosConfig config, Topics topics, TopologyTestDriver driver) {
            this.config = config;
            this.driver = driver;
            ByteArraySerializer bytes = new ByteArraySerializer();
            inputs.put(ReplayInput.Kind.BOOK, driver.createInputTopic(topics.orderbook().name(), bytes, bytes));
            inputs.put(ReplayInput.Kind.FUNDING, driver.createInputTopic(topics.funding().name(), bytes, bytes));
            inputs.put(ReplayInput.Kind.INTENT, driver.createInputTopic(topics.intentsApproved().name(), bytes, bytes));
            orders = driver.createOutputTopic(topics.ordersRouted().name(), new StringDeserializer(),
                    topics.ordersRouted().valueSerde().deserializer());
            fills = driver.createOutputTopic(topics.fills().name(), new StringDeserializer(), topics.fills().valueSerde().deserializer());
            rejected = driver.createOutputTopic(topics.intentsRejected().name(), new StringDeserializer(),
                    topics.intentsRejected().valueSerde().deserializer());
            dlq = driver.createOutputTopic(topics.dlq().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        Result all(ReplayInput input, ReplayInput.Line first) {
            Instant start = first.at();
            now = start;
            for (ReplayInput.Line line = first; line != null; line = input.next()) {
                if (line.at().isAfter(now)) {
                    driver.advanceWallClockTime(Duration.between(now, line.at()));
                    now = line.at();
                }
                switch (line.kind()) {
                    case BOOK -> books++;
                    case FUNDING -> {
                        funding++;
                        settle(line.bytes());
                    }
                    case INTENT -> intents++;
                }
                inputs.get(line.kind()).pipeInput(null, line.bytes(), line.at());
                drain();
            }
            List<Decision> decisions = routed.stream()
                    .map(o -> new Decision(o, fillOf.get(o.orderId()), fundingOfOrder.getOrDefault(o.orderId(), BigDecimal.ZERO)))
                    .toList();
            java.util.Set<String> open = new java.util.HashSet<>();
            fillsAt.values().forEach(history -> lotsAt(history, now).forEach(lot -> open.add(lot.orderId)));
            return new Result(decisions, List.copyOf(rejections), List.copyOf(payments), books, funding, intents,
                    deadLetters, start, now, java.util.Set.copyOf(open));
        }

        private void drain() {
            routed.addAll(orders.readValuesToList());
            for (Fill f : fills.readValuesToList()) {
                fillOf.put(f.orderId(), f);
                fillsAt.computeIfAbsent(key(f.instrument(), f.venue()), k -> new ArrayList<>()).add(f);
            }
            rejections.addAll(rejected.readValuesToList());
            deadLetters += dlq.readRecordsToList().size();
        }

        /** A funding record: the settlement it shows to have happened is paid on the lots held at its instant. */
        private void settle(byte[] bytes) {
            FundingRate record;
            try {
                record = Json.read(bytes, FundingRate.class);
            } catch (IOException | RuntimeException unreadable) {
                return; // the topology dead-letters it
            }
            VenueConfig venue = config.venues().get(record.venue());
            if (venue == null || venue.market() != Market.PERP) {
                return;
            }
            String key = record.venue() + "\u0000" + record.instrument();
            FundingRate held = heldFunding.get(key);
            if (!Versioned.supersedes(record, held)) {
                return;
            }
            heldFunding.put(key, record);
            FundingSettlement s = FundingSettlement.between(held, record);
            if (s == null) {
                return;
            }
            List<Fill> history = fillsAt.getOrDefault(key(s.instrument(), s.venue()), List.of());
            BigDecimal mark = s.markPrice() != null ? s.markPrice() : lastPrice(history, s.at());
            if (mark == null) {
                return; // nothing was ever filled there: no position
            }
            BigDecimal toUsd = venue.quoteToUsd();
            for (Lot lot : lotsAt(history, s.at())) {
                BigDecimal amount = FundingSettlement.payment(lot.quantity, mark, s.rate()).multiply(toUsd);
                payments.add(new Payment(s, lot.orderId, lot.quantity, amount));
                fundingOfOrder.merge(lot.orderId, amount, BigDecimal::add);
            }
        }
    }

    /** An OPEN order's quantity still held (signed), closes taken first-in first-out. */
    private static final class Lot {
        final String orderId;
        BigDecimal quantity;

        Lot(String orderId, BigDecimal quantity) {
            this.orderId = orderId;
            this.quantity = quantity;
        }
    }

    /**
     * The lots open at {@code at}: every fill up to and including it, OPENs adding a lot, CLOSEs taking the oldest lot
     * of the direction they close first.
     */
    static List<Lot> lotsAt(List<Fill> history, Instant at) {
        Deque<Lot> lots = new ArrayDeque<>();
        for (Fill f : history) {
            if (f.filledAt().isAfter(at)) {
                break;
            }
            BigDecimal signed = f.side() == Side.BUY ? f.quantity() : f.quantity().negate();
            if (f.action() == Action.OPEN) {
                lots.addLast(new Lot(f.orderId(), signed));
                continue;
            }
            int closes = f.direction().sign(); // a CLOSE LONG reduces long lots, a CLOSE SHORT short ones
            BigDecimal left = f.quantity();
            for (var it = lots.iterator(); it.hasNext() && left.signum() > 0; ) {
                Lot lot = it.next();
                if (lot.quantity.signum() != closes) {
                    continue;
                }
                BigDecimal take = lot.quantity.abs().min(left);
                lot.quantity = closes > 0 ? lot.quantity.subtract(take) : lot.quantity.add(take);
                left = left.subtract(take);
                if (lot.quantity.signum() == 0) {
                    it.remove();
                }
            }
        }
        return List.copyOf(lots);
    }

    private static BigDecimal lastPrice(List<Fill> history, Instant at) {
        BigDecimal price = null;
        for (Fill f : history) {
            if (f.filledAt().isAfter(at)) {
                break;
            }
            price = f.price();
        }
        return price;
    }

    private static String key(String instrument, String venue) {
        return instrument + "\u0000" + venue;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
