package tech.tradeos.execution.executor.venue;

/**
 * The client order id an order is placed under at its venue: the idempotency key of placement, derived
 * from the orderId (itself a name-based UUID of the instrument and intentId) in the venue's allowed format,
 * so the same order always maps to the same venue id. Kraken Spot takes a long UUID (36 characters with
 * dashes) as {@code cl_ord_id}; Kraken Futures takes any string of up to 100 characters as {@code cliOrdId}; Binance
 * takes {@code ^[.A-Z:/a-z0-9_-]{1,36}$} as {@code newClientOrderId} (spot and USDⓈ-M), which the 36-character UUID is;
 * Bybit takes up to 36 letters, digits, dashes and underscores as {@code orderLinkId}; Gemini 1–36 characters of
 * {@code [:\-_\.#a-zA-Z0-9]} as {@code client_order_id} (docs.gemini.com/client-order-id), which the UUID is exactly; Coinbase a string as {@code client_order_id}.
 */
public final class ClientOrderIds {
    private static final String PREFIX = "ord-";

    private ClientOrderIds() {
    }

    public static String of(String venue, String orderId) {
        if (!orderId.startsWith(PREFIX) || orderId.length() != PREFIX.length() + 36) {
            throw new IllegalArgumentException("orderId " + orderId + " is not ord-<uuid>");
        }
        String uuid = orderId.substring(PREFIX.length());
        java.util.UUID.fromString(uuid); // refuses anything that is not a UUID
        return switch (venue) {
            case "KRAKEN_SPOT", "KRAKEN_FUTURES", "BINANCE_SPOT", "BINANCE_FUTURES", "BYBIT_SPOT", "BYBIT_PERP", "GEMINI", "COINBASE" -> uuid;
            default -> throw new IllegalArgumentException("no client order id format for venue " + venue);
        };
    }
}
