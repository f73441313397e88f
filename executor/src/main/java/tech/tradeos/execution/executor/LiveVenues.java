package tech.tradeos.execution.executor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tradeos.execution.executor.binance.BinanceAdapter;
import tech.tradeos.execution.executor.bybit.BybitAdapter;
import tech.tradeos.execution.executor.kraken.KrakenFuturesAdapter;
import tech.tradeos.execution.executor.kraken.KrakenSpotAdapter;
import tech.tradeos.execution.executor.venue.RateLimiter;
import tech.tradeos.execution.executor.venue.VenueAdapter;
import tech.tradeos.execution.executor.venue.VenueHttp;
import tech.tradeos.execution.model.config.TradeosConfig;
import tech.tradeos.execution.model.config.VenueConfig;

/** The adapters of the venues {@code executor.venues} enables and gives an API key, built once from the config. */
public final class LiveVenues {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveVenues.class);

    private LiveVenues() {
    }

    public static Map<String, VenueAdapter> from(TradeosConfig config) {
        Map<String, VenueAdapter> adapters = new LinkedHashMap<>();
        config.executor().venues().forEach((venue, live) -> {
            if (!live.enabled()) {
                return;
            }
            if (live.apiKey() == null || live.apiKey().isBlank()) {
                // no account on this venue: not traded (its orders are REJECTED "no live adapter") and not reconciled
                LOG.info("executor.venues.{} has no api-key: orders for it are rejected, its positions not reconciled", venue);
                return;
            }
            VenueConfig table = config.venues().get(venue);
            if (table == null) {
                throw new IllegalArgumentException("executor.venues." + venue + " is not in the venue table (venues)");
            }
            VenueHttp http = new VenueHttp(venue, live.baseUrl(), Duration.ofMillis(config.executor().ackTimeoutMs()),
                    new RateLimiter(live.ratePerSecond(), live.burst()));
            String key = live.apiKey() == null ? "" : live.apiKey();
            adapters.put(venue, switch (venue) {
                case "KRAKEN_SPOT" -> new KrakenSpotAdapter(venue, http, key, live.secret());
                case "KRAKEN_FUTURES" -> new KrakenFuturesAdapter(venue, http, key, live.secret(), table.takerFeeBps().movePointLeft(4));
                case "BINANCE_SPOT" -> new BinanceAdapter(venue, BinanceAdapter.Api.SPOT, http, key, live.secret());
                case "BINANCE_FUTURES" -> new BinanceAdapter(venue, BinanceAdapter.Api.USDM, http, key, live.secret());
                case "BYBIT_SPOT" -> new BybitAdapter(venue, "spot", http, key, live.secret());
                case "BYBIT_PERP" -> new BybitAdapter(venue, "linear", http, key, live.secret());
                case "GEMINI" -> new tech.tradeos.execution.executor.gemini.GeminiAdapter(venue, http, key, live.secret());
                case "COINBASE" -> new tech.tradeos.execution.executor.coinbase.CoinbaseAdapter(venue, http,
                        java.net.URI.create(live.baseUrl()).getAuthority(), key, live.secret());
                default -> throw new IllegalArgumentException("no live adapter for " + venue + " yet (executor.venues." + venue
                        + "): Kraken Spot and Futures, Binance spot and USDⓈ-M futures, Bybit spot and linear, Gemini, Coinbase are supported");
            });
        });
        return adapters;
    }
}
