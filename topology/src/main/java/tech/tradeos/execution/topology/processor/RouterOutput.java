package tech.tradeos.execution.topology.processor;

import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;

/** One record the SOR processor emits; the topology sends each kind to its own topic. */
public sealed interface RouterOutput {
    public record Order(RoutedOrder order) implements RouterOutput {
    }

    public record Rejected(Rejection rejection) implements RouterOutput {
    }

    public record Filled(Fill fill) implements RouterOutput {
    }
}
