package tech.tradeos.execution.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.sink.Fills.T0;
import static tech.tradeos.execution.sink.Fills.fill;
import static tech.tradeos.execution.sink.Fills.order;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.position.Position;
import tech.tradeos.execution.model.position.PositionStatus;

/** The ledger on the real PostgreSQL: idempotent, one transaction per batch, offsets with the data. */
class LedgerIT {
    private TestDatabase db;
    private Ledger ledger;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        ledger = new Ledger(db.database.jdbi());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private Position position() {
        return db.database.jdbi().withExtension(PositionDao.class, d -> d.find("BTC-USD", "KRAKEN_SPOT")).orElseThrow();
    }

    private java.util.Optional<Long> nextOffset(String group, String topic, int partition) {
        return db.database.jdbi().withExtension(OffsetDao.class, d -> d.next(group, topic, partition));
    }

    @Test
    void aBatchAppliedTwiceGivesTheSameLedger() {
        List<RoutedOrder> orders = List.of(order("i-1", Side.BUY, "1", "momentum"), order("i-2", Side.SELL, "1", "exit"));
        List<Fill> fills = List.of(fill("i-1", Side.BUY, "1", "100", "0.4", "momentum", T0),
                fill("i-2", Side.SELL, "1", "110", "0.44", "exit", T0.plusSeconds(60)));
        List<OffsetDao.OffsetRow> offsets = List.of(new OffsetDao.OffsetRow("g", "execution.fills", 0, 2));

        Ledger.Applied first = ledger.apply(orders, fills, offsets);
        Position afterFirst = position();
        Ledger.Applied second = ledger.apply(orders, fills, offsets);

        assertThat(first.newFills()).hasSize(2);
        assertThat(first.closedTrades()).hasSize(1);
        // (110 − 100)·1 − 0.44 − 0.4 = 9.16
        assertThat(first.closedTrades().get(0).realizedPnl()).isEqualByComparingTo("9.16");
        assertThat(second.newFills()).isEmpty();
        assertThat(second.closedTrades()).isEmpty();
        assertThat(position()).isEqualTo(afterFirst);
        assertThat(afterFirst.realizedPnl()).isEqualByComparingTo("9.16");
        assertThat(afterFirst.status()).isEqualTo(PositionStatus.CLOSED);
        assertThat(db.database.jdbi().withExtension(FillDao.class, FillDao::count)).isEqualTo(2);
        assertThat(db.database.jdbi().withExtension(RoutedOrderDao.class, RoutedOrderDao::count)).isEqualTo(2);
        assertThat(db.database.jdbi().withExtension(ClosedTradeDao.class, ClosedTradeDao::all)).hasSize(1);
        assertThat(nextOffset("g", "execution.fills", 0)).contains(2L);
    }

    @Test
    void anOrderWithoutItsFillLeavesThePositionUnconfirmedUntilTheFillArrives() {
        ledger.apply(List.of(order("i-1", Side.BUY, "1", "momentum")), List.of(), List.of());
        assertThat(position().status()).isEqualTo(PositionStatus.UNCONFIRMED);
        assertThat(position().pendingOrders()).isEqualTo(1);

        ledger.apply(List.of(), List.of(fill("i-1", Side.BUY, "1", "100", "0.4", "momentum", T0)), List.of());
        assertThat(position().status()).isEqualTo(PositionStatus.OPEN);
        assertThat(position().pendingOrders()).isZero();
        assertThat(position().quantity()).isEqualByComparingTo("1");
    }

    @Test
    void aFillRecordedBeforeItsOrderConfirmsItOnArrival() {
        ledger.apply(List.of(), List.of(fill("i-1", Side.BUY, "1", "100", "0.4", "momentum", T0)), List.of());
        ledger.apply(List.of(order("i-1", Side.BUY, "1", "momentum")), List.of(), List.of());
        assertThat(position().status()).isEqualTo(PositionStatus.OPEN);
        assertThat(position().pendingOrders()).isZero();
    }

    @Test
    void anOrderAndItsFillInOneBatchNeverLookPending() {
        ledger.apply(List.of(order("i-1", Side.BUY, "2", "momentum")),
                List.of(fill("i-1", Side.BUY, "2", "100", "0.8", "momentum", T0)), List.of());
        assertThat(position().status()).isEqualTo(PositionStatus.OPEN);
        assertThat(position().pendingOrders()).isZero();
        assertThat(position().avgEntry()).isEqualByComparingTo("100");
    }

    @Test
    void offsetsNeverMoveBackwards() {
        ledger.apply(List.of(), List.of(), List.of(new OffsetDao.OffsetRow("g", "t", 1, 10)));
        ledger.apply(List.of(), List.of(), List.of(new OffsetDao.OffsetRow("g", "t", 1, 7)));
        assertThat(nextOffset("g", "t", 1)).contains(10L);
    }
}
