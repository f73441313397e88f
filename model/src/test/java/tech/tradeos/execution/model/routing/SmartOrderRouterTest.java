package tech.tradeos.execution.model.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.tradeos.execution.model.Fixtures.T0;
import static tech.tradeos.execution.model.Fixtures.book;
import static tech.tradeos.execution.model.Fixtures.dec;
import static tech.tradeos.execution.model.Fixtures.funding;
import static tech.tradeos.execution.model.Fixtures.intent;
import static tech.tradeos.execution.model.Fixtures.levels;
import static tech.tradeos.execution.model.Fixtures.openLong;
import static tech.tradeos.execution.model.Fixtures.openShort;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tech.tradeos.execution.model.Action;
import tech.tradeos.execution.model.ApprovedIntent;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.Candidate;
import tech.tradeos.execution.model.CandidateReason;
import tech.tradeos.execution.model.Decision;
import tech.tradeos.execution.model.Direction;
import tech.tradeos.execution.model.FundingRate;
import tech.tradeos.execution.model.Ids;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.RejectReason;
import tech.tradeos.execution.model.RoutedOrder;
import tech.tradeos.execution.model.Side;
import tech.tradeos.execution.model.config.ConfigLoader;
import tech.tradeos.execution.model.config.TestConfigs;
import tech.tradeos.execution.model.config.TradeosConfig;

/** docs/README.md §Routing, rule by rule, with the expected figures worked out by hand in the comments. */
class SmartOrderRouterTest {
    private static final TradeosConfig US = ConfigLoader.defaults();
    private static final TradeosConfig GLOBAL = TestConfigs.with("region: GLOBAL");

    /** The README's example market: Kraken Spot, Coinbase, Gemini (cheap but thin top), Kraken Futures. */
    private static InstrumentMarket exampleMarket() {
        return market(
                book("KRAKEN_SPOT", 200, levels("67000.1", "0.52", "66999.0", "1.10"), levels("67000.4", "0.30", "67001.2", "2.00")),
                book("COINBASE", 500, levels("66989.0", "0.80"), levels("66990.0", "1.00", "66995.0", "3.00")),
                book("GEMINI", 800, levels("66940.0", "0.50"), levels("66950.0", "0.05", "67100.0", "1.00")),
                book("KRAKEN_FUTURES", 100, levels("67010.0", "4.00"), levels("67020.0", "5.00")))
                .withFunding(funding("KRAKEN_FUTURES", "0.0001", "0.0001", Instant.parse("2026-11-25T11:00:00Z"), 1));
    }

    @Nested
    class TheSeedsStories {
        @Test
        void aCheaperTopOfBookLosesOnAThinBook() {
            // Gemini's best ask 66950 beats Kraken's 67000.4, but holds only 0.05:
            // Gemini  N = 0.05·66950 + 0.45·67100 = 33542.5;  fee 40 bps = 134.17;  total 33676.67
            // Kraken  N = 0.30·67000.4 + 0.20·67001.2 = 33500.36;  fee = 134.00144;  total 33634.36144
            RoutedOrder order = routed(US, intent(Direction.LONG, Action.OPEN, "0.5", 48), exampleMarket());
            assertThat(order.venue()).isEqualTo("KRAKEN_SPOT");
            assertThat(order.decision()).isEqualTo(Decision.BEST_COST);
            assertThat(order.expectedPrice()).isEqualByComparingTo("67000.72");
            assertThat(order.fee()).isEqualByComparingTo("134.00144");
            assertThat(order.carry()).isEqualByComparingTo("0");
            assertThat(order.totalCost()).isEqualByComparingTo("33634.36144");
            assertThat(candidate(order, "GEMINI").totalCost()).isEqualByComparingTo("33676.67");
            assertThat(candidate(order, "GEMINI").vwap()).isEqualByComparingTo("67085");
            assertThat(candidate(order, "COINBASE").totalCost()).isEqualByComparingTo("33896.94");
        }

        @Test
        void carryOverA48HourHoldOutweighsTheCheaperPerpFill() {
            // Kraken Futures: N = 0.5·67020 = 33510, fee 5 bps = 16.755; hourly funding 0.0001 from 11:00,
            // window (10:00, 10:00+48h] holds 48 settlements: carry = 33510·0.0048 = 160.848
            // total 33687.603 > Kraken Spot's 33634.36144
            RoutedOrder held = routed(US, intent(Direction.LONG, Action.OPEN, "0.5", 48), exampleMarket());
            Candidate perp = candidate(held, "KRAKEN_FUTURES");
            assertThat(perp.carry()).isEqualByComparingTo("160.848");
            assertThat(perp.totalCost()).isEqualByComparingTo("33687.603");
            assertThat(held.venue()).isEqualTo("KRAKEN_SPOT");

            // with no hold there is no carry, and the perp's 33526.755 wins
            RoutedOrder flat = routed(US, intent(Direction.LONG, Action.OPEN, "0.5", 0), exampleMarket());
            assertThat(flat.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(flat.totalCost()).isEqualByComparingTo("33526.755");
            assertThat(flat.carry()).isEqualByComparingTo("0");
        }

        @Test
        void negativeFundingPaysALongToHoldThePerp() {
            InstrumentMarket market = exampleMarket()
                    .withFunding(new FundingRate("KRAKEN_FUTURES", "BTC-USD", T0, 2L, dec("-0.0001"), null,
                            Instant.parse("2026-11-25T11:00:00Z"), 1));
            // carry = 33510 · (−0.0048) = −160.848; total = 33510 + 16.755 − 160.848 = 33365.907
            RoutedOrder order = routed(US, intent(Direction.LONG, Action.OPEN, "0.5", 48), market);
            assertThat(order.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(order.carry()).isEqualByComparingTo("-160.848");
            assertThat(order.totalCost()).isEqualByComparingTo("33365.907");
        }

        @Test
        void usShortsGoOnlyToKrakenFutures() {
            InstrumentMarket market = exampleMarket().withBook(book("BINANCE_FUTURES", 10, "66000", "66001", "9"));
            RoutedOrder order = routed(US, intent(Direction.SHORT, Action.OPEN, "1", 8), market);
            assertThat(order.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(order.side()).isEqualTo(Side.SELL);
            assertThat(reasons(order)).containsExactly(
                    "KRAKEN_SPOT:SHORT_NOT_SUPPORTED", "COINBASE:SHORT_NOT_SUPPORTED", "GEMINI:SHORT_NOT_SUPPORTED",
                    "KRAKEN_FUTURES:eligible", "BINANCE_SPOT:REGION_BLOCKED", "BINANCE_FUTURES:REGION_BLOCKED",
                    "BYBIT_SPOT:REGION_BLOCKED", "BYBIT_PERP:REGION_BLOCKED");
            // a sell: fill cost −67010, fee 33.505, shorts receive 8 settlements of 0.0001: carry −53.608
            assertThat(order.totalCost()).isEqualByComparingTo("-67030.103");
        }

        @Test
        void allBooksStaleFallsBackToTheFirstPriorityVenue() {
            InstrumentMarket market = market(
                    book("KRAKEN_SPOT", 9_000, "67000", "67001", "2"),
                    book("COINBASE", 7_000, "66000", "66001", "2"),
                    book("GEMINI", 6_000, "65000", "65001", "2"));
            RoutedOrder order = routed(US, openLong("1"), market);
            assertThat(order.decision()).isEqualTo(Decision.FALLBACK_PRIORITY);
            assertThat(order.venue()).isEqualTo("KRAKEN_SPOT");
            // priced from Kraken's last (stale) book: 67001 + 40 bps = 67001 + 268.004
            assertThat(order.expectedPrice()).isEqualByComparingTo("67001");
            assertThat(order.totalCost()).isEqualByComparingTo("67269.004");
            assertThat(reasons(order)).startsWith("KRAKEN_SPOT:STALE_BOOK", "COINBASE:STALE_BOOK", "GEMINI:STALE_BOOK",
                    "KRAKEN_FUTURES:NO_BOOK");
        }
    }

    /** docs/README.md §Execution quality: the static priority list's choice and what the SOR saved against it. */
    @Nested
    class Counterfactuals {
        @Test
        void negativeFundingSavesTheCarryAgainstTheFirstPriorityVenue() {
            InstrumentMarket market = exampleMarket()
                    .withFunding(new FundingRate("KRAKEN_FUTURES", "BTC-USD", T0, 2L, dec("-0.0001"), null,
                            Instant.parse("2026-11-25T11:00:00Z"), 1));
            // static priority (US): KRAKEN_SPOT first, eligible: total 33634.36144
            // SOR: KRAKEN_FUTURES 33365.907; saved 268.45444 USD = 268.45444/33510·10⁴ = 80.111739779170 bps
            RoutedOrder order = routed(US, intent(Direction.LONG, Action.OPEN, "0.5", 48), market);
            assertThat(order.counterfactual().venue()).isEqualTo("KRAKEN_SPOT");
            assertThat(order.counterfactual().totalCost()).isEqualByComparingTo("33634.36144");
            assertThat(order.counterfactual().notionalUsd()).isEqualByComparingTo("33510");
            assertThat(order.counterfactual().savings()).isEqualByComparingTo("268.45444");
            assertThat(order.counterfactual().savingsBps()).isEqualByComparingTo("80.11173977917");
        }

        @Test
        void theStaticVenueIsTheFirstEligibleOneNotTheFirstListed() {
            // Kraken Spot's book is stale: the static list would take Coinbase (33896.94, see the seed's stories);
            // the SOR takes the perp at 33526.755 with no hold: saved 370.185 = 110.470008952551 bps of 33510
            InstrumentMarket market = market(
                    book("KRAKEN_SPOT", 9_000, "67000", "67001", "2"),
                    book("COINBASE", 500, levels("66989.0", "0.80"), levels("66990.0", "1.00", "66995.0", "3.00")),
                    book("KRAKEN_FUTURES", 100, levels("67010.0", "4.00"), levels("67020.0", "5.00")))
                    .withFunding(funding("KRAKEN_FUTURES", "0.0001", "0.0001", Instant.parse("2026-11-25T11:00:00Z"), 1));
            RoutedOrder order = routed(US, intent(Direction.LONG, Action.OPEN, "0.5", 0), market);
            assertThat(order.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(order.counterfactual().venue()).isEqualTo("COINBASE");
            assertThat(order.counterfactual().savings()).isEqualByComparingTo("370.185");
            assertThat(order.counterfactual().savingsBps()).isEqualByComparingTo("110.470008952551");
        }

        @Test
        void whenTheFirstPriorityVenueIsCheapestNothingIsSaved() {
            RoutedOrder order = routed(US, intent(Direction.LONG, Action.OPEN, "0.5", 48), exampleMarket());
            assertThat(order.venue()).isEqualTo("KRAKEN_SPOT");
            assertThat(order.counterfactual().venue()).isEqualTo("KRAKEN_SPOT");
            assertThat(order.counterfactual().savings()).isEqualByComparingTo("0");
            assertThat(order.counterfactual().savingsBps()).isEqualByComparingTo("0");
        }

        @Test
        void aFallbackIsTheStaticChoiceItself() {
            InstrumentMarket market = market(book("KRAKEN_SPOT", 9_000, "67000", "67001", "2"));
            RoutedOrder order = routed(US, openLong("1"), market);
            assertThat(order.decision()).isEqualTo(Decision.FALLBACK_PRIORITY);
            assertThat(order.counterfactual().venue()).isEqualTo("KRAKEN_SPOT");
            assertThat(order.counterfactual().savings()).isEqualByComparingTo("0");
        }
    }

    @Nested
    class Staleness {
        @Test
        void aBookExactlyAtTheThresholdIsFreshAndOneMillisecondMoreIsStale() {
            InstrumentMarket market = market(book("KRAKEN_SPOT", 5_000, "100", "101", "5"),
                    book("COINBASE", 5_001, "50", "51", "5"));
            RoutedOrder order = routed(US, openLong("1"), market);
            assertThat(order.venue()).isEqualTo("KRAKEN_SPOT");
            assertThat(candidate(order, "KRAKEN_SPOT").bookAgeMs()).isEqualTo(5_000L);
            assertThat(candidate(order, "COINBASE").reason()).isEqualTo(CandidateReason.STALE_BOOK);
            assertThat(candidate(order, "COINBASE").bookAgeMs()).isEqualTo(5_001L);
            assertThat(candidate(order, "GEMINI").reason()).isEqualTo(CandidateReason.NO_BOOK);
        }

        @Test
        void theThresholdIsConfigured() {
            TradeosConfig strict = TestConfigs.with("routing: {staleness-ms: 100}");
            InstrumentMarket market = market(book("KRAKEN_SPOT", 101, "100", "101", "5"),
                    book("COINBASE", 100, "100", "101", "5"));
            assertThat(routed(strict, openLong("1"), market).venue()).isEqualTo("COINBASE");
        }

        @Test
        void aBookFromAfterTheIntentIsFresh() {
            InstrumentMarket market = market(book("GEMINI", -300, "100", "101", "5"));
            RoutedOrder order = routed(US, openLong("1"), market);
            assertThat(order.venue()).isEqualTo("GEMINI");
            assertThat(candidate(order, "GEMINI").bookAgeMs()).isEqualTo(-300L);
        }
    }

    @Nested
    class Eligibility {
        @Test
        void reasonsAreReportedFirstApplicable() {
            TradeosConfig cfg = TestConfigs.with("venues: {BINANCE_SPOT: {enabled: false}, GEMINI: {enabled: false}}");
            RoutedOrder order = routed(cfg, intent(Direction.SHORT, Action.OPEN, "1", 0),
                    market(book("KRAKEN_FUTURES", 0, "100", "101", "5")));
            // BINANCE_SPOT is region-blocked before it is disabled or unshortable
            assertThat(candidate(order, "BINANCE_SPOT").reason()).isEqualTo(CandidateReason.REGION_BLOCKED);
            // GEMINI is disabled before it is unshortable
            assertThat(candidate(order, "GEMINI").reason()).isEqualTo(CandidateReason.VENUE_DISABLED);
            // KRAKEN_FUTURES has a fresh book but no funding
            assertThat(order.decision()).isEqualTo(Decision.FALLBACK_PRIORITY);
            assertThat(candidate(order, "KRAKEN_FUTURES").reason()).isEqualTo(CandidateReason.NO_FUNDING_DATA);
        }

        @Test
        void theIntentsMarketLimitsTheVenues() {
            ApprovedIntent spotOnly = new ApprovedIntent("i-9", "BTC-USD", Direction.LONG, Action.OPEN, dec("0.5"),
                    Market.SPOT, "momentum", null, BigDecimal.ZERO, T0);
            RoutedOrder order = routed(US, spotOnly, exampleMarket());
            assertThat(candidate(order, "KRAKEN_FUTURES").reason()).isEqualTo(CandidateReason.MARKET_NOT_ALLOWED);
            assertThat(candidate(order, "KRAKEN_FUTURES").totalCost()).isNull();
            assertThat(order.venue()).isEqualTo("KRAKEN_SPOT");
        }

        @Test
        void aPerpWithoutFundingIsIneligibleForOpensOnly() {
            InstrumentMarket market = market(book("KRAKEN_FUTURES", 0, "100", "101", "5"),
                    book("KRAKEN_SPOT", 0, "100", "105", "5"));
            RoutedOrder open = routed(US, openLong("1"), market);
            assertThat(candidate(open, "KRAKEN_FUTURES").reason()).isEqualTo(CandidateReason.NO_FUNDING_DATA);
            assertThat(open.venue()).isEqualTo("KRAKEN_SPOT");

            ApprovedIntent close = intent(Direction.LONG, Action.CLOSE, "1", 0);
            RoutedOrder closed = route(US, close, market, "KRAKEN_FUTURES");
            assertThat(closed.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(closed.carry()).isEqualByComparingTo("0");
        }

        @Test
        void noVenueAllowedIsRejectedAsNoEligibleVenue() {
            ApprovedIntent spotShort = new ApprovedIntent("i-9", "BTC-USD", Direction.SHORT, Action.OPEN, dec("1"),
                    Market.SPOT, "momentum", null, BigDecimal.ZERO, T0);
            RoutingOutcome outcome = new SmartOrderRouter(US).route(spotShort, exampleMarket(), null);
            assertThat(outcome).isInstanceOf(RoutingOutcome.Rejected.class);
            assertThat(((RoutingOutcome.Rejected) outcome).reason()).isEqualTo(RejectReason.NO_ELIGIBLE_VENUE);
            assertThat(((RoutingOutcome.Rejected) outcome).detail()).contains("region US", "SHORT", "SPOT");
        }

        @Test
        void anInstrumentNoVenueListsIsUnknown() {
            ApprovedIntent doge = new ApprovedIntent("i-9", "DOGE-USD", Direction.LONG, Action.OPEN, dec("1"),
                    Market.ANY, "momentum", null, BigDecimal.ZERO, T0);
            RoutingOutcome outcome = new SmartOrderRouter(US).route(doge, InstrumentMarket.empty("DOGE-USD"), null);
            assertThat(((RoutingOutcome.Rejected) outcome).reason()).isEqualTo(RejectReason.UNKNOWN_INSTRUMENT);
        }

        @Test
        void aVenueThatDoesNotListTheInstrumentIsNoCandidate() {
            TradeosConfig cfg = TestConfigs.with("venues: {GEMINI: {symbols: {BTC-USD: ~}}}");
            RoutedOrder order = routed(cfg, openLong("0.5"), exampleMarket());
            assertThat(order.candidates()).extracting(Candidate::venue).doesNotContain("GEMINI").hasSize(7);
        }
    }

    @Nested
    class Depth {
        @Test
        void aVenueThatCannotFillIsIneligibleWhenAnotherCan() {
            InstrumentMarket market = market(book("KRAKEN_SPOT", 0, "100", "101", "0.5"),
                    book("COINBASE", 0, "100", "110", "5"));
            RoutedOrder order = routed(US, openLong("1"), market);
            assertThat(order.venue()).isEqualTo("COINBASE");
            assertThat(candidate(order, "KRAKEN_SPOT").reason()).isEqualTo(CandidateReason.INSUFFICIENT_DEPTH);
            assertThat(candidate(order, "KRAKEN_SPOT").depthShortfall()).isEqualByComparingTo("0.5");
            assertThat(order.depthShortfall()).isEqualByComparingTo("0");
        }

        @Test
        void whenNoneCanFillTheyCompeteWithTheRestAtTheirLastLevel() {
            // Kraken: 0.2·101 + 0.3·102 + 1.5·102 (rest at the last level) = 203.8, fee 0.8152 → 204.6152; shortfall 1.5
            // Coinbase: 1·100 + 1·100 = 200 at its only level, fee 120 bps 2.4 → 202.4; shortfall 1
            InstrumentMarket market = market(
                    book("KRAKEN_SPOT", 0, levels("100", "1"), levels("101", "0.2", "102", "0.3")),
                    book("COINBASE", 0, levels("99", "1"), levels("100", "1")));
            RoutedOrder order = routed(US, openLong("2"), market);
            assertThat(order.venue()).isEqualTo("COINBASE");
            assertThat(order.totalCost()).isEqualByComparingTo("202.4");
            assertThat(order.depthShortfall()).isEqualByComparingTo("1");
            assertThat(candidate(order, "KRAKEN_SPOT").eligible()).isTrue();
            assertThat(candidate(order, "KRAKEN_SPOT").totalCost()).isEqualByComparingTo("204.6152");
            assertThat(candidate(order, "KRAKEN_SPOT").depthShortfall()).isEqualByComparingTo("1.5");
        }

        @Test
        void anEmptySideCannotTakeTheOrder() {
            InstrumentMarket market = market(book("KRAKEN_SPOT", 0, levels("100", "1"), List.of()),
                    book("GEMINI", 0, "100", "120", "5"));
            RoutedOrder order = routed(US, openLong("1"), market);
            assertThat(order.venue()).isEqualTo("GEMINI");
            assertThat(candidate(order, "KRAKEN_SPOT").reason()).isEqualTo(CandidateReason.INSUFFICIENT_DEPTH);
        }
    }

    @Nested
    class Ties {
        @Test
        void anExactTieGoesToTheEarlierVenueInThePriorityList() {
            InstrumentMarket market = market(book("GEMINI", 0, "100", "101", "5"), book("KRAKEN_SPOT", 0, "100", "101", "5"));
            assertThat(routed(US, openLong("1"), market).venue()).isEqualTo("KRAKEN_SPOT");
            TradeosConfig geminiFirst = TestConfigs.with("routing: {fallback-priority: {US: [GEMINI, KRAKEN_SPOT]}}");
            assertThat(routed(geminiFirst, openLong("1"), market).venue()).isEqualTo("GEMINI");
        }

        @Test
        void aDifferenceFarBelowDoublePrecisionStillDecides() {
            // totals differ by 0.5·1e-8·1.004 — a relative 1.5e-13, where doubles cannot be trusted
            InstrumentMarket market = market(book("KRAKEN_SPOT", 0, "67000", "67000.00000001", "5"),
                    book("GEMINI", 0, "67000", "67000.000000005", "5"));
            RoutedOrder order = routed(US, openLong("0.5"), market);
            assertThat(order.venue()).isEqualTo("GEMINI");
            assertThat(order.totalCost()).isEqualByComparingTo("33634.00000000251");
        }
    }

    @Nested
    class Fallback {
        @Test
        void aShortFallsBackToTheFirstVenueThatMayTakeIt() {
            RoutedOrder order = route(TestConfigs.with("mode: LIVE"), openShort("1"), InstrumentMarket.empty("BTC-USD"), null);
            assertThat(order.decision()).isEqualTo(Decision.FALLBACK_PRIORITY);
            assertThat(order.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(order.expectedPrice()).isNull();
            assertThat(order.totalCost()).isNull();
        }

        @Test
        void aPaperFallbackWithNoBookAtAllIsRejectedForMarketData() {
            RoutingOutcome outcome = new SmartOrderRouter(US).route(openLong("1"), InstrumentMarket.empty("BTC-USD"), null);
            assertThat(((RoutingOutcome.Rejected) outcome).reason()).isEqualTo(RejectReason.NO_MARKET_DATA);
        }

        @Test
        void aFallbackPerpWithoutFundingHasUnknownCarry() {
            TradeosConfig perpFirst = TestConfigs.with("routing: {fallback-priority: {US: [KRAKEN_FUTURES, KRAKEN_SPOT]}}");
            RoutedOrder order = routed(perpFirst, openLong("1"), market(book("KRAKEN_FUTURES", 60_000, "100", "101", "5")));
            assertThat(order.venue()).isEqualTo("KRAKEN_FUTURES");
            assertThat(order.expectedPrice()).isEqualByComparingTo("101");
            assertThat(order.fee()).isEqualByComparingTo("0.0505");
            assertThat(order.carry()).isNull();
            assertThat(order.totalCost()).isNull();
        }
    }

    @Nested
    class Positions {
        @Test
        void aCloseGoesToThePositionVenueAndSellsALong() {
            RoutedOrder order = route(US, intent(Direction.LONG, Action.CLOSE, "0.5", 48), exampleMarket(), "GEMINI");
            assertThat(order.venue()).isEqualTo("GEMINI");
            assertThat(order.side()).isEqualTo(Side.SELL);
            // sells 0.5 into Gemini's bid 66940: −33470 + 40 bps 133.88 = −33336.12
            assertThat(order.totalCost()).isEqualByComparingTo("-33336.12");
            assertThat(candidate(order, "KRAKEN_SPOT").reason()).isEqualTo(CandidateReason.NOT_POSITION_VENUE);
            assertThat(candidate(order, "KRAKEN_FUTURES").reason()).isEqualTo(CandidateReason.NOT_POSITION_VENUE);
        }

        @Test
        void aCloseWithoutAPositionIsRejected() {
            RoutingOutcome outcome = new SmartOrderRouter(US).route(intent(Direction.LONG, Action.CLOSE, "1", 0), exampleMarket(), null);
            assertThat(((RoutingOutcome.Rejected) outcome).reason()).isEqualTo(RejectReason.NO_POSITION);
        }
    }

    @Test
    void quoteToUsdScalesTheCostsOfItsVenue() {
        TradeosConfig cfg = TestConfigs.with("""
                region: GLOBAL
                venues: {BINANCE_SPOT: {quote-to-usd: 0.999}}
                """);
        // Binance: 1·100 USDT = 99.9 USD, fee 10 bps 0.0999 → 99.9999; Bybit: 100 + 0.1 = 100.1
        InstrumentMarket market = market(book("BINANCE_SPOT", 0, "99", "100", "5"), book("BYBIT_SPOT", 0, "99", "100", "5"));
        RoutedOrder order = routed(cfg, openLong("1"), market);
        assertThat(order.venue()).isEqualTo("BINANCE_SPOT");
        assertThat(order.totalCost()).isEqualByComparingTo("99.9999");
        assertThat(order.expectedPrice()).isEqualByComparingTo("100");
    }

    @Test
    void theOrderIdIsDeterministicAndTheOrderCarriesTheIntent() {
        RoutedOrder a = routed(US, openLong("0.5"), exampleMarket());
        RoutedOrder b = routed(US, openLong("0.5"), exampleMarket());
        assertThat(a.orderId()).isEqualTo(b.orderId()).isEqualTo(Ids.orderId("BTC-USD", "i-1")).startsWith("ord-");
        assertThat(Ids.orderId("BTC-USD", "i-2")).isNotEqualTo(a.orderId());
        assertThat(Ids.orderId("ETH-USD", "i-1")).as("the same intentId for another instrument is another intent")
                .isNotEqualTo(a.orderId());
        // the documented derivation: UUID v3 of tradeos/order/{instrument}/{intentId}
        assertThat(a.orderId()).isEqualTo("ord-" + java.util.UUID.nameUUIDFromBytes(
                "tradeos/order/BTC-USD/i-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(a.intentTime()).isEqualTo(T0);
        assertThat(a.signalType()).isEqualTo("momentum");
        assertThat(a.orderType()).isEqualTo("MARKET");
        assertThat(a.arrivalMid()).isEqualByComparingTo("67015");
    }

    @Test
    void globalShortsChooseAmongThePerps() {
        InstrumentMarket market = InstrumentMarket.empty("BTC-USD");
        for (String perp : List.of("KRAKEN_FUTURES", "BINANCE_FUTURES", "BYBIT_PERP")) {
            market = market.withFunding(funding(perp, "0", null, T0.plusSeconds(3600), 8));
        }
        market = market.withBook(book("KRAKEN_FUTURES", 0, "100", "101", "5"))
                .withBook(book("BINANCE_FUTURES", 0, "100.5", "101", "5"))
                .withBook(book("BYBIT_PERP", 0, "100.2", "101", "5"))
                .withBook(book("BINANCE_SPOT", 0, "200", "201", "5"));
        RoutedOrder order = routed(GLOBAL, openShort("1"), market);
        // sells: Binance −100.5 + 0.05025 is the lowest total
        assertThat(order.venue()).isEqualTo("BINANCE_FUTURES");
        assertThat(order.totalCost()).isEqualByComparingTo("-100.44975");
        assertThat(candidate(order, "BINANCE_SPOT").reason()).isEqualTo(CandidateReason.SHORT_NOT_SUPPORTED);
    }

    static InstrumentMarket market(BookSnapshot... books) {
        InstrumentMarket market = InstrumentMarket.empty("BTC-USD");
        for (BookSnapshot b : books) {
            market = market.withBook(b);
        }
        return market;
    }

    static RoutedOrder routed(TradeosConfig cfg, ApprovedIntent intent, InstrumentMarket market) {
        return route(cfg, intent, market, null);
    }

    static RoutedOrder route(TradeosConfig cfg, ApprovedIntent intent, InstrumentMarket market, String positionVenue) {
        RoutingOutcome outcome = new SmartOrderRouter(cfg).route(intent, market, positionVenue);
        assertThat(outcome).as("outcome").isInstanceOf(RoutingOutcome.Routed.class);
        return ((RoutingOutcome.Routed) outcome).decision().toRoutedOrder(T0.plusMillis(3));
    }

    static Candidate candidate(RoutedOrder order, String venue) {
        return order.candidates().stream().filter(c -> c.venue().equals(venue)).findFirst().orElseThrow();
    }

    static List<String> reasons(RoutedOrder order) {
        return order.candidates().stream()
                .map(c -> c.venue() + ":" + (c.eligible() ? "eligible" : c.reason().name())).toList();
    }
}
