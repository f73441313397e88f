-- Funding cash flows (docs/README.md §Funding): every settlement of a perp venue pays or receives
-- quantity × mark × rate on the position held at that instant, booked once per (instrument, venue, settlement).

-- The newest funding record per perp venue and instrument: the settlement it announces is booked when a later
-- record shows its nextFundingTime has passed.
CREATE TABLE funding_latest (
    venue       text  NOT NULL,
    instrument  text  NOT NULL,
    body        jsonb NOT NULL,
    PRIMARY KEY (venue, instrument)
);

CREATE TABLE funding_payments (
    instrument    text        NOT NULL,
    venue         text        NOT NULL,
    funding_time  timestamptz NOT NULL,
    rate          numeric     NOT NULL,
    mark_price    numeric     NOT NULL,
    mark_source   text        NOT NULL CHECK (mark_source IN ('VENUE_MARK', 'LAST_FILL')),
    quantity      numeric     NOT NULL,
    amount        numeric     NOT NULL,
    signal_type   text,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instrument, venue, funding_time)
);
CREATE INDEX funding_payments_time ON funding_payments (funding_time);

-- A position's funding, apart from its trading P&L; a closed trade's share of it.
ALTER TABLE positions
    ADD COLUMN funding      numeric NOT NULL DEFAULT 0,
    ADD COLUMN open_funding numeric NOT NULL DEFAULT 0;
ALTER TABLE closed_trades ADD COLUMN funding numeric NOT NULL DEFAULT 0;

-- the quantity held at a settlement instant is summed from the fills before it
CREATE INDEX fills_position_time ON fills (instrument, venue, filled_at);
