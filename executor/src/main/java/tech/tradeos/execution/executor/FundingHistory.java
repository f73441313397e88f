package tech.tradeos.execution.executor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tradeos.execution.executor.venue.FundingBooking;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.model.FundingPayment;
import tech.tradeos.execution.model.config.Redaction;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;
import tech.tradeos.execution.model.topic.Topic;

/**
 * LIVE funding (docs/README.md §Funding): every {@code executor.funding-poll-seconds} the account history of each venue
 * that books funding is read from where the last read ended (at start, {@code executor.funding-lookback-hours} back),
 * and each payment is published on {@code execution.funding.payments} with the instrument its venue symbol lists. A
 * payment read twice (the overlap of two reads, a restart) is published again and booked once by the ledger, keyed by
 * (venue, paymentId). A symbol no configured instrument maps to is logged and skipped.
 */
final class FundingHistory {
    private static final Logger LOG = LoggerFactory.getLogger(FundingHistory.class);

    private final TradeosConfig config;
    private final Map<String, VenueAdapter> adapters;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Topic<String, FundingPayment> topic;
    private final Map<String, Instant> readFrom = new ConcurrentHashMap<>();
    private final Map<String, Long> published = new ConcurrentHashMap<>();

    FundingHistory(TradeosConfig config, Map<String, VenueAdapter> adapters, KafkaProducer<byte[], byte[]> producer,
                   Topic<String, FundingPayment> topic, Clock clock) {
        this.config = config;
        this.adapters = adapters;
        this.producer = producer;
        this.topic = topic;
        Instant start = clock.instant().minus(Duration.ofHours(config.executor().fundingLookbackHours()));
        adapters.forEach((venue, adapter) -> {
            if (adapter.booksFunding()) {
                readFrom.put(venue, start);
            }
        });
    }

    /** The venues whose funding is read. */
    java.util.Set<String> venues() {
        return readFrom.keySet();
    }

    /** Payments published per venue since start. */
    Map<String, Long> published() {
        return Map.copyOf(published);
    }

    /** One read of every venue's funding history; the payments are acknowledged by the broker before the next read starts. */
    void poll() {
        for (String venue : readFrom.keySet()) {
            try {
                List<FundingBooking> bookings = adapters.get(venue).fundingPayments(readFrom.get(venue));
                List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
                Instant newest = readFrom.get(venue);
                for (FundingBooking b : bookings) {
                    String instrument = instrumentOf(venue, b.symbol());
                    if (instrument == null) {
                        LOG.warn("{} booked funding on {}, which no configured instrument lists: not recorded", venue, b.symbol());
                        continue;
                    }
                    FundingPayment payment = new FundingPayment(b.id(), venue, instrument, b.symbol(), b.at(), b.amount(),
                            b.asset(), b.rate(), b.markPrice());
                    String key = venue + "/" + b.id();
                    acks.add(producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8),
                            topic.valueSerde().serializer().serialize(topic.name(), payment))));
                    newest = b.at().isAfter(newest) ? b.at() : newest;
                }
                for (var ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                published.merge(venue, (long) acks.size(), Long::sum);
                readFrom.put(venue, newest); // inclusive: the newest one is read again next time, and booked once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("{} funding history not read ({}); reading again from {} next time", venue, Redaction.message(e),
                        readFrom.get(venue));
            }
        }
    }

    /** The configured instrument whose symbol on {@code venue} is {@code symbol} (venues differ in case). */
    private String instrumentOf(String venue, String symbol) {
        VenueConfig v = config.venues().get(venue);
        if (v == null || symbol == null) {
            return null;
        }
        Map<String, String> bySymbol = new HashMap<>();
        v.symbols().forEach((instrument, s) -> {
            if (s != null) {
                bySymbol.put(s.toUpperCase(Locale.ROOT), instrument);
            }
        });
        return bySymbol.get(symbol.toUpperCase(Locale.ROOT));
    }
}
