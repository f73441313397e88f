package tech.tradeos.execution.topology;

import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;

/** One record the SOR processor emits; the topology sends each kind to its own topic. */
public sealed interface RouterOutput {
    record Order(RoutedOrder order) implements RouterOutput {
    }

    record Rejected(Rejection rejection) implements RouterOutput {
    }

    record Filled(Fill fill) implements RouterOutput {
    }
}
