package tech.tradeos.execution.executor.sim;

/**
 * Which documented venue behaviours the simulator plays (each rule and its source: sim/README.md). {@link #NONE} is
 * the simulator as it was — every client-id reuse refused, lookups that never miss, one page per list, fees in the
 * quote; {@link #DOCUMENTED} turns every quirk on, so the adapters meet what the venues actually do.
 *
 * @param documentedClientIds          client-id uniqueness as each venue documents it instead of "every reuse refused"
 * @param binanceNotFoundAfterAcceptMs for this long after an order is accepted, Binance's GET order answers -2013
 * @param krakenFuturesFills           Kraken Futures fills: the last 100 (or {@code pageSize}) only, without cliOrdId,
 *                                     paged back by lastFillTime; iocWouldNotExecute; strict nonces
 * @param krakenAssetNames             Kraken Spot Balance keys in the venue's names (XXBT, XETH)
 * @param pageSize                     every list read in pages of this many (0: one page, as before)
 * @param feesAsCharged                spot fees in the asset the venue charges them in, balances net of base fees
 * @param bybitSignedFundingRate       Bybit SETTLEMENT rows carry the position's side and feeRate negated for Sell
 */
public record Quirks(boolean documentedClientIds, long binanceNotFoundAfterAcceptMs, boolean krakenFuturesFills,
                     boolean krakenAssetNames, int pageSize, boolean feesAsCharged, boolean bybitSignedFundingRate) {
    public static final Quirks NONE = new Quirks(false, 0, false, false, 0, false, false);
    public static final Quirks DOCUMENTED = new Quirks(true, 1_000, true, true, 2, true, true);

    public Quirks {
        if (binanceNotFoundAfterAcceptMs < 0 || pageSize < 0) {
            throw new IllegalArgumentException("binanceNotFoundAfterAcceptMs and pageSize are not negative");
        }
    }

    public Quirks withPageSize(int size) {
        return new Quirks(documentedClientIds, binanceNotFoundAfterAcceptMs, krakenFuturesFills, krakenAssetNames, size,
                feesAsCharged, bybitSignedFundingRate);
    }

    public Quirks withBinanceNotFoundAfterAcceptMs(long ms) {
        return new Quirks(documentedClientIds, ms, krakenFuturesFills, krakenAssetNames, pageSize, feesAsCharged,
                bybitSignedFundingRate);
    }
}
