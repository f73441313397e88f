package tech.tradeos.execution.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Mode;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.sink.Database;
import tech.tradeos.execution.sink.Ledger;
import tech.tradeos.execution.sink.OffsetDao;

/**
 * Fills/s into the ledger with its guarantee (idempotent inserts, positions locked and updated,
 * closed trades, offsets, one transaction per batch) next to the raw ceiling: plain batched INSERTs of
 * the same rows into the same table shape, in the same run, on the same PostgreSQL.
 *
 * <pre>java -cp bench/target/benchmarks.jar tech.tradeos.execution.bench.LedgerBench [fills] [batch]</pre>
 * PostgreSQL from TRADEOS_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/postgres); it uses and
 * drops schemas of its own.
 */
public final class LedgerBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        List<Fill> fills = fills(n);
        System.out.printf("LedgerBench: %d fills, batches of %d, 30 positions%n", n, batch);
        for (int round = 1; round <= 3; round++) {
            double raw = raw(fills, batch);
            double ledger = ledger(fills, batch);
            System.out.printf("round %d: raw batched INSERT %,.0f rows/s | ledger %,.0f fills/s | ratio %.2f%n",
                    round, raw, ledger, ledger / raw);
        }
    }

    private static TradeosConfig config(String schema) {
        return ConfigLoader.load(null, Map.of("TRADEOS_POSTGRES_SCHEMA", schema));
    }

    private static double ledger(List<Fill> fills, int batch) {
        String schema = "bench_ledger_" + System.nanoTime();
        TradeosConfig config = config(schema);
        try (Database db = new Database(config.postgres()).migrate(config.postgres())) {
            Ledger ledger = new Ledger(db.jdbi());
            long start = System.nanoTime();
            for (int i = 0; i < fills.size(); i += batch) {
                List<Fill> part = fills.subList(i, Math.min(fills.size(), i + batch));
                ledger.apply(List.of(), part, List.of(new OffsetDao.OffsetRow("bench", "execution.fills", 0, i + part.size())));
            }
            double rate = fills.size() / ((System.nanoTime() - start) / 1e9);
            db.jdbi().useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
            return rate;
        }
    }

    /** The same rows into the same fills table with one multi-row-batched INSERT per batch: no idempotency, no positions. */
    private static double raw(List<Fill> fills, int batch) throws Exception {
        String schema = "bench_raw_" + System.nanoTime();
        TradeosConfig config = config(schema);
        try (Database db = new Database(config.postgres()).migrate(config.postgres())) {
            long start = System.nanoTime();
            db.jdbi().useHandle(h -> {
                Connection c = h.getConnection();
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO fills (fill_id, order_id, intent_id, venue, instrument, side, quantity, price, fee, mode,
                                           expected_price, arrival_mid, slippage_bps, arrival_shortfall_bps, signal_type,
                                           action, direction, filled_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    for (int i = 0; i < fills.size(); i++) {
                        Fill f = fills.get(i);
                        ps.setString(1, f.fillId());
                        ps.setString(2, f.orderId());
                        ps.setString(3, f.intentId());
                        ps.setString(4, f.venue());
                        ps.setString(5, f.instrument());
                        ps.setString(6, f.side().name());
                        ps.setBigDecimal(7, f.quantity());
                        ps.setBigDecimal(8, f.price());
                        ps.setBigDecimal(9, f.fee());
                        ps.setString(10, f.mode().name());
                        ps.setBigDecimal(11, f.expectedPrice());
                        ps.setBigDecimal(12, f.arrivalMid());
                        ps.setBigDecimal(13, f.slippageBps());
                        ps.setBigDecimal(14, BigDecimal.ZERO);
                        ps.setString(15, f.signalType());
                        ps.setString(16, f.action().name());
                        ps.setString(17, f.direction().name());
                        ps.setTimestamp(18, Timestamp.from(f.filledAt()));
                        ps.addBatch();
                        if ((i + 1) % batch == 0 || i == fills.size() - 1) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                }
                c.setAutoCommit(true);
            });
            double rate = fills.size() / ((System.nanoTime() - start) / 1e9);
            db.jdbi().useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
            return rate;
        }
    }

    private static List<Fill> fills(int n) {
        Random random = new Random(1);
        List<String> instruments = List.of("BTC-USD", "ETH-USD", "SOL-USD");
        List<String> venues = List.of("KRAKEN_SPOT", "COINBASE", "GEMINI", "KRAKEN_FUTURES", "BINANCE_SPOT",
                "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP", "OKX", "DERIBIT");
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        List<Fill> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String orderId = Ids.orderId("BTC-USD", "bench-" + i);
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            BigDecimal price = BigDecimal.valueOf(6_700_000 + random.nextInt(20_000), 2);
            BigDecimal qty = BigDecimal.valueOf(1 + random.nextInt(100), 3);
            out.add(new Fill(Ids.paperFillId(orderId), orderId, "bench-" + i, venues.get(i % venues.size()),
                    instruments.get(i % 3), side, qty, price, price.multiply(qty).multiply(new BigDecimal("0.0004")),
                    Mode.PAPER, price, price, BigDecimal.ZERO, "s" + (i % 5), Action.OPEN, Direction.LONG, t0.plusMillis(i)));
        }
        return out;
    }
}
