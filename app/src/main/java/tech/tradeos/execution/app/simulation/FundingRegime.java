package tech.tradeos.execution.app.simulation;

/**
 * The funding weather of a simulated perp, as a rate per 8 hours (the venues' usual quote): perps trade rich in a
 * crowded long market and cheap in a crowded short one. Between them the carry of a long hold flips the SOR's choice:
 * US fees differ by 35 bps between Kraken Futures (5) and Kraken Spot (40), so a long held 48 h on the perp costs more
 * than the spot fee once the rate passes 0.058 %/8 h — HOT does, CALM does not, NEGATIVE pays the long to hold the perp.
 */
public enum FundingRegime {
    /** The long-run average: 0.01 %/8 h. Carry rarely decides. */
    CALM(0.0001, 0.00003),
    /** A crowded long: 0.1 %/8 h. A long held a day or more is cheaper on spot; a short on the perp is paid. */
    HOT(0.001, 0.0002),
    /** A crowded short: −0.03 %/8 h. Longs on the perp are paid to hold it. */
    NEGATIVE(-0.0003, 0.0001);

    private final double ratePer8h;
    private final double noisePer8h;

    FundingRegime(double ratePer8h, double noisePer8h) {
        this.ratePer8h = ratePer8h;
        this.noisePer8h = noisePer8h;
    }

    /** One settlement's rate for a venue settling every {@code intervalHours}, with noise {@code z} ~ N(0, 1). */
    public double rate(int intervalHours, double z) {
        return (ratePer8h + noisePer8h * z) * intervalHours / 8.0;
    }
}
