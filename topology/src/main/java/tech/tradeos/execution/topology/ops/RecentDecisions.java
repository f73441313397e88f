package tech.tradeos.execution.topology.ops;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import tech.tradeos.execution.model.Rejection;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.topology.state.RoutingRecord;

/** The last decisions this instance made, newest first, for the dashboard; bounded, in memory only. */
public final class RecentDecisions {
    private static final int KEEP = 100;
    private final Deque<RoutingRecord> recent = new ConcurrentLinkedDeque<>();

    public void add(RoutedOrder order) {
        push(RoutingRecord.routed(order, null));
    }

    public void add(Rejection rejection) {
        push(RoutingRecord.rejected(rejection));
    }

    private void push(RoutingRecord record) {
        recent.addFirst(record);
        while (recent.size() > KEEP) {
            recent.pollLast();
        }
    }

    public List<RoutingRecord> latest(int limit) {
        List<RoutingRecord> out = new ArrayList<>();
        for (RoutingRecord r : recent) {
            if (out.size() >= limit) {
                break;
            }
            out.add(r);
        }
        return out;
    }
}
