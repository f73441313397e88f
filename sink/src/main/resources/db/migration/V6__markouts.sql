-- Markouts (docs/README.md §TCA): where the fill's venue mid went 1 s, 10 s and 60 s after the fill, in bps of the
-- fill price, signed so that positive is in the fill's favour (a buy whose market rose). Measured live only.
CREATE TABLE fill_markouts (
    fill_id          text        NOT NULL REFERENCES fills (fill_id),
    horizon_seconds  integer     NOT NULL,
    venue            text        NOT NULL,
    mid              numeric     NOT NULL,
    mid_at           timestamptz NOT NULL,
    markout_bps      numeric     NOT NULL,
    PRIMARY KEY (fill_id, horizon_seconds)
);
CREATE INDEX fill_markouts_venue ON fill_markouts (venue, horizon_seconds);
