package tech.tradeos.execution.model.position;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.Fixtures;
import tech.tradeos.execution.model.RejectReason;

/** docs/README.md §Positions's CLOSE rule without Kafka: the largest position of the intent's direction, never more than it holds. */
class ClosePolicyTest {
    private static RouterPositions holding(Map<String, String> quantities) {
        Map<String, BigDecimal> q = new java.util.HashMap<>();
        quantities.forEach((venue, qty) -> q.put(venue, new BigDecimal(qty)));
        return new RouterPositions("BTC-USD", q, Map.of());
    }

    @Test
    void closesOnTheVenueHoldingTheLargestPositionOfTheDirection() {
        RouterPositions record = holding(Map.of("KRAKEN_SPOT", "1", "GEMINI", "2.5", "KRAKEN_FUTURES", "-4"));
        ClosePolicy.Choice choice = ClosePolicy.choose(Fixtures.intent(Direction.LONG, Action.CLOSE, "2", 0), record);
        assertThat(choice).isEqualTo(new ClosePolicy.CloseOn("GEMINI", new BigDecimal("2.5")));
        ClosePolicy.Choice shortClose = ClosePolicy.choose(Fixtures.intent(Direction.SHORT, Action.CLOSE, "4", 0), record);
        assertThat(shortClose).isEqualTo(new ClosePolicy.CloseOn("KRAKEN_FUTURES", new BigDecimal("4")));
    }

    @Test
    void noPositionOfTheDirectionIsNoPosition() {
        ClosePolicy.Choice choice = ClosePolicy.choose(Fixtures.intent(Direction.SHORT, Action.CLOSE, "1", 0),
                holding(Map.of("KRAKEN_SPOT", "1")));
        assertThat(choice).isInstanceOf(ClosePolicy.Refused.class);
        assertThat(((ClosePolicy.Refused) choice).reason()).isEqualTo(RejectReason.NO_POSITION);
    }

    @Test
    void closingMoreThanHeldIsRefusedWithBothQuantities() {
        ClosePolicy.Choice choice = ClosePolicy.choose(Fixtures.intent(Direction.LONG, Action.CLOSE, "1.5", 0),
                holding(Map.of("KRAKEN_SPOT", "1")));
        ClosePolicy.Refused refused = (ClosePolicy.Refused) choice;
        assertThat(refused.reason()).isEqualTo(RejectReason.CLOSE_EXCEEDS_POSITION);
        assertThat(refused.detail()).isEqualTo("closing 1.5 of a 1 LONG position on KRAKEN_SPOT");
    }
}
