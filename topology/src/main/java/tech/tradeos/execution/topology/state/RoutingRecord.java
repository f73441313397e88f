package tech.tradeos.execution.topology.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import tech.tradeos.execution.model.Fill;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;

/**
 * What the router did with one intentId: kept in the decisions store so a replay produces nothing
 * new and an operator can ask why an intent went where it went.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingRecord(String intentId, RoutedOrder order, Rejection rejection, Fill fill) {
}
