package tech.tradeos.execution.bench;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Books streaming in the background, as a live feed does while intents are routed: {@code rate} snapshots/s
 * of {@code levels} levels a side over every venue × instrument, keyed by instrument (as the ingestion
 * bridge keys them), each with a fresh timestamp and the next sequence. The rate is paced every few
 * milliseconds; {@link #achievedRate} says what the producer really managed on the shared machine.
 */
final class BookLoad implements AutoCloseable {
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final KafkaProducer<String, String> producer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile long stopNanos;

    private BookLoad(String bootstrap, String topic, List<String> venues, List<String> instruments, int rate, int levels) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        String[][] sides = new String[venues.size() * instruments.size()][];
        int k = 0;
        for (String instrument : instruments) {
            for (String venue : venues) {
                String book = PipelineBench.book(venue, instrument, 0, levels);
                String head = "{\"venue\":\"" + venue + "\",\"instrument\":\"" + instrument + "\",\"timestamp\":\"";
                sides[k++] = new String[]{instrument, head, book.substring(book.indexOf(",\"bids\""))};
            }
        }
        thread = new Thread(() -> {
            long sequence = 0;
            int next = 0;
            while (running.get()) {
                long due = (long) ((System.nanoTime() - startNanos) / 1e9 * rate) - sent.get();
                if (due <= 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(PACE_NANOS);
                    continue;
                }
                for (long i = 0; i < due && running.get(); i++) {
                    String[] side = sides[next];
                    next = (next + 1) % sides.length;
                    if (next == 0) {
                        sequence++;
                    }
                    producer.send(new ProducerRecord<>(topic, side[0],
                            side[1] + Instant.now() + "\",\"sequence\":" + (sequence + 1) + side[2]));
                    sent.incrementAndGet();
                }
            }
        }, "book-load");
        thread.setDaemon(true);
    }

    /** Starts streaming; a rate of 0 streams nothing. */
    static BookLoad start(String bootstrap, String topic, List<String> venues, List<String> instruments, int rate, int levels) {
        BookLoad load = new BookLoad(bootstrap, topic, venues, instruments, rate, levels);
        if (rate > 0) {
            load.thread.start();
        } else {
            load.running.set(false);
        }
        return load;
    }

    /** Snapshots per second sent so far (until {@link #close}). */
    double achievedRate() {
        long end = stopNanos == 0 ? System.nanoTime() : stopNanos;
        return sent.get() / ((end - startNanos) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        stopNanos = System.nanoTime();
        producer.close();
    }
}
