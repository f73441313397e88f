package tech.tradeos.execution.model.config;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tradeos.execution.model.Market;
import tech.tradeos.execution.model.Region;

/**
 * One venue's settings: its market, the operator's taker fee tier, where it may be used and its
 * symbol for each canonical instrument it lists.
 */
public record VenueConfig(
        Market market,
        Boolean enabled,
        Boolean shortable,
        BigDecimal quoteToUsd,
        BigDecimal takerFeeBps,
        List<Region> regions,
        Map<String, String> symbols) {

    public VenueConfig {
        if (market == null || market == Market.ANY) {
            throw new IllegalArgumentException("market must be SPOT or PERP");
        }
        enabled = enabled == null || enabled;
        shortable = shortable == null ? market == Market.PERP : shortable;
        quoteToUsd = quoteToUsd == null ? BigDecimal.ONE : quoteToUsd;
        if (quoteToUsd.signum() <= 0) {
            throw new IllegalArgumentException("quote-to-usd must be > 0, got " + quoteToUsd.toPlainString());
        }
        if (takerFeeBps == null || takerFeeBps.signum() < 0) {
            throw new IllegalArgumentException("taker-fee-bps is required and must be >= 0");
        }
        regions = List.copyOf(regions == null ? List.of() : regions);
        // a null symbol delists the instrument: how a partial file removes a default listing
        Map<String, String> listed = new LinkedHashMap<>();
        if (symbols != null) {
            symbols.forEach((instrument, symbol) -> {
                if (symbol != null) {
                    listed.put(instrument, symbol);
                }
            });
        }
        symbols = Collections.unmodifiableMap(listed);
    }

    public boolean lists(String instrument) {
        return symbols.containsKey(instrument);
    }

    public String symbol(String instrument) {
        return symbols.get(instrument);
    }
}
