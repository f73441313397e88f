package tech.tradeos.execution.model;

/** The kind of market a venue is, or the kinds an intent accepts (ANY). */
public enum Market {
    SPOT, PERP, ANY;

    /** True when an intent asking for {@code this} may trade on a venue of market {@code venueMarket}. */
    public boolean admits(Market venueMarket) {
        return this == ANY || this == venueMarket;
    }
}
