package tech.tradeos.execution.topology;

import java.time.Instant;
import java.util.Optional;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.paper.AtrState;
import tech.tradeos.execution.model.routing.InstrumentMarket;

/**
 * Where a routed order is executed. PAPER fills it here, on the chosen venue's real book; LIVE leaves
 * execution to venue adapters that consume {@code execution.orders.routed} and publish their own fills
 * to {@code execution.fills} (the seam a live connector implements).
 */
public interface ExecutionAdapter {
    /** The fill this adapter makes for {@code order} at once, if it makes one; {@code atr} is the chosen venue's. */
    Optional<Fill> execute(RoutedOrder order, InstrumentMarket market, AtrState atr, Instant now);

    /** LIVE mode: orders leave on the routed topic; fills come back from the venue adapters. */
    ExecutionAdapter LIVE = (order, market, atr, now) -> Optional.empty();
}
