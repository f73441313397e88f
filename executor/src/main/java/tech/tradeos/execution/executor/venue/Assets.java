package tech.tradeos.execution.executor.venue;

import java.util.List;

/** The asset names inside a venue's spot symbol. */
public final class Assets {
    private static final List<String> QUOTES = List.of("USDT", "USDC", "USD");

    private Assets() {
    }

    /** The base asset of a symbol quoted in USDT, USDC or USD (BTCUSDT → BTC, XBTUSD → XBT, btcusd → BTC, BTC-USD → BTC); the symbol otherwise. */
    public static String base(String venueSymbol) {
        String symbol = venueSymbol.toUpperCase(java.util.Locale.ROOT).replace("-", "").replace("/", "");
        for (String quote : QUOTES) {
            if (symbol.endsWith(quote) && symbol.length() > quote.length()) {
                return symbol.substring(0, symbol.length() - quote.length());
            }
        }
        return symbol;
    }
}
