package tech.tradeos.execution.model.position;

import java.math.BigDecimal;
import java.util.Map;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.RejectReason;

/**
 * Where a CLOSE intent goes (docs/README.md §Positions): to the venue holding a position of the intent's direction — the
 * largest, if several — and nowhere when there is none, or when it would close more than is held.
 */
public final class ClosePolicy {
    private ClosePolicy() {
    }

    /** The outcome: the venue to close on, or why the CLOSE is refused. */
    public sealed interface Choice permits CloseOn, Refused {
    }

    public record CloseOn(String venue, BigDecimal held) implements Choice {
    }

    public record Refused(RejectReason reason, String detail) implements Choice {
    }

    public static Choice choose(ApprovedIntent close, RouterPositions record) {
        Map.Entry<String, BigDecimal> position = record.quantities().entrySet().stream()
                .filter(e -> e.getValue().signum() == close.direction().sign())
                .max(Map.Entry.comparingByValue((a, b) -> a.abs().compareTo(b.abs())))
                .orElse(null);
        if (position == null) {
            return new Refused(RejectReason.NO_POSITION, "no open " + close.direction() + " position in "
                    + close.instrument() + " on any venue");
        }
        BigDecimal held = position.getValue().abs();
        if (close.quantity().compareTo(held) > 0) {
            return new Refused(RejectReason.CLOSE_EXCEEDS_POSITION, "closing " + close.quantity().toPlainString()
                    + " of a " + held.toPlainString() + " " + close.direction() + " position on " + position.getKey());
        }
        return new CloseOn(position.getKey(), held);
    }
}
