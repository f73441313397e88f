package tech.tradeos.execution.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.Counterfactual;
import tech.tradeos.execution.model.Region;
import tech.tradeos.execution.model.config.TradeosConfig;

/** docs/README.md §Replay: a hand-computed day, and a generated one replayed twice. */
class ReplayTest {
    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir
    Path dir;

    private static String book(String venue, Instant at, String bid, String ask) {
        return """
                {"venue":"%s","instrument":"BTC-USD","timestamp":"%s","sequence":%d,"bids":[["%s","10"]],"asks":[["%s","10"]]}"""
                .formatted(venue, at, at.toEpochMilli(), bid, ask);
    }

    private static String funding(Instant at, String rate, Instant next, String mark) {
        return """
                {"venue":"KRAKEN_FUTURES","instrument":"BTC-USD","timestamp":"%s","sequence":%d,"rate":"%s",
                 "nextFundingTime":"%s","intervalHours":1,"markPrice":"%s"}""".replace("\n", "")
                .formatted(at, at.toEpochMilli(), rate, next, mark);
    }

    private static String intent(String id, String action, Instant at, int hold) {
        return """
                {"intentId":"%s","instrument":"BTC-USD","direction":"LONG","action":"%s","quantity":"1",
                 "signalType":"carry","expectedHoldHours":%d,"createdAt":"%s"}""".replace("\n", "")
                .formatted(id, action, hold, at);
    }

    @Test
    void aRoundTripOnThePerpIsSavedAgainstSpotAsExpectedAndPaysTheFundingItHeld() throws IOException {
        Instant h1 = T0.plusSeconds(3600);
        Instant h2 = T0.plusSeconds(7200);
        Instant close = h2.plusSeconds(2);
        Path books = Files.write(dir.resolve("books.jsonl"), List.of(
                book("KRAKEN_SPOT", T0, "99.9", "100"), book("KRAKEN_FUTURES", T0, "100", "100.1"),
                book("KRAKEN_SPOT", close.minusSeconds(1), "99.9", "100"), book("KRAKEN_FUTURES", close.minusSeconds(1), "100", "100.1")));
        Path funding = Files.write(dir.resolve("funding.jsonl"), List.of(
                funding(T0.minusSeconds(1), "0.001", h1, "100"),
                funding(h1.plusSeconds(1), "0.002", h2, "101"),   // shows h1 settled: −1·100·0.001 = −0.1
                funding(h2.plusSeconds(1), "0.0005", h2.plusSeconds(3600), "102"))); // h2 settled: −1·101·0.002 = −0.202
        Path intents = Files.write(dir.resolve("intents.jsonl"), List.of(
                intent("open", "OPEN", T0.plusSeconds(1), 2), intent("close", "CLOSE", close, 0)));
        TradeosConfig config = ReplayCommand.load(null, Region.US, null);

        Replay.Result result = Replay.run(config, books, funding, intents, null, null);

        // Kraken Futures: N = 100.1, fee 5 bps 0.05005, carry over (T0+1s, T0+2h+1s] = 100.1·(0.001 + 0.001) = 0.2002:
        // 100.35025 < Kraken Spot's 100 + 0.4 = 100.4 (the static list's first venue): saved 0.04975 = 4.97003 bps of 100.1
        Replay.Decision open = result.decisions().get(0);
        assertThat(open.order().venue()).isEqualTo("KRAKEN_FUTURES");
        Counterfactual c = open.order().counterfactual();
        assertThat(c.venue()).isEqualTo("KRAKEN_SPOT");
        assertThat(c.savings()).isEqualByComparingTo("0.04975");
        assertThat(open.funding()).isEqualByComparingTo("-0.302");
        assertThat(result.payments()).extracting(Replay.Payment::amount)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("-0.1"), new BigDecimal("-0.202"));
        assertThat(result.decisions().get(1).order().action()).isEqualTo(Action.CLOSE);
        assertThat(result.openAtEnd()).isEmpty();

        ReplayReport report = ReplayReport.of(config, result);
        assertThat(report.expected().usd()).isEqualByComparingTo("0.04975");
        // over both orders' notional: the close (sold at the perp's bid, 100) saved nothing: 0.04975/200.1·10⁴
        assertThat(report.expected().bps()).isEqualByComparingTo("2.486256871564");
        // realized: paper fill at the mid 100.05 (one minute bar: ATR 0), fee 0.050025, funding paid 0.302:
        // 100.4 − 100.402025 = −0.002025: the funding turned out higher than the router expected
        assertThat(report.realized().usd()).isEqualByComparingTo("-0.002025");
        assertThat(report.roundTripCarryExpected()).isEqualByComparingTo("0.2002");
        assertThat(report.roundTripFunding()).isEqualByComparingTo("-0.302");
    }

    @Test
    void aGeneratedDayReplaysTheSameTwiceAndItsSavingsAreTheSumOfItsCounterfactuals() throws IOException {
        TradeosConfig config = ReplayCommand.load(null, Region.GLOBAL, null);
        DayGenerator.Written day = DayGenerator.write(config, dir.resolve("day"), T0, Duration.ofHours(3),
                Duration.ofSeconds(30), Duration.ofSeconds(90), 5);
        DayGenerator.Written again = DayGenerator.write(config, dir.resolve("again"), T0, Duration.ofHours(3),
                Duration.ofSeconds(30), Duration.ofSeconds(90), 5);
        assertThat(Files.readAllBytes(again.intents())).isEqualTo(Files.readAllBytes(day.intents()));
        assertThat(Files.readAllBytes(again.books())).isEqualTo(Files.readAllBytes(day.books()));

        Replay.Result first = Replay.run(config, day.books(), day.funding(), day.intents(), null, null);
        Replay.Result second = Replay.run(config, day.books(), day.funding(), day.intents(), null, null);
        String report = ReplayReport.of(config, first).render(null);
        assertThat(ReplayReport.of(config, second).render(null)).isEqualTo(report);

        assertThat(first.decisions()).hasSizeGreaterThan(50);
        BigDecimal sum = first.decisions().stream().map(d -> d.order().counterfactual())
                .filter(c -> c != null && c.savings() != null).map(Counterfactual::savings).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(ReplayReport.of(config, first).expected().usd()).isEqualByComparingTo(sum);
        assertThat(sum).as("the SOR saved something against the static list").isPositive();
        // the regimes make carry decide: both spot and perp venues are chosen
        assertThat(first.decisions()).extracting(d -> d.order().market()).contains(
                tech.tradeos.execution.model.Market.SPOT, tech.tradeos.execution.model.Market.PERP);
    }

    @Test
    void fromAndToLimitTheReplay() throws IOException {
        TradeosConfig config = ReplayCommand.load(null, Region.US, null);
        DayGenerator.Written day = DayGenerator.write(config, dir.resolve("day"), T0, Duration.ofHours(2),
                Duration.ofSeconds(30), Duration.ofSeconds(120), 9);
        Replay.Result all = Replay.run(config, day.books(), day.funding(), day.intents(), null, null);
        Replay.Result firstHour = Replay.run(config, day.books(), day.funding(), day.intents(), T0, T0.plusSeconds(3600));
        assertThat(firstHour.last()).isBefore(T0.plusSeconds(3600));
        assertThat(firstHour.intents()).isLessThan(all.intents()).isPositive();
    }
}
