package tech.tradeos.execution.executor.venue;

/** How a venue's REST API spells a symbol the config gives in its market-data spelling. */
public final class VenueSymbols {
    private VenueSymbols() {
    }

    /** Kraken Spot's REST pair is the altname (XBTUSD) where the config holds the wsname (XBT/USD); the others are as given. */
    public static String rest(String venue, String symbol) {
        return venue.equals("KRAKEN_SPOT") ? symbol.replace("/", "") : symbol;
    }
}
