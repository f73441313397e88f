-- The audit ledger and authoritative positions (SPEC §7). Money is numeric: exact, never float.

CREATE TABLE routed_orders (
    order_id        text PRIMARY KEY,
    intent_id       text        NOT NULL,
    instrument      text        NOT NULL,
    venue           text        NOT NULL,
    side            text        NOT NULL,
    quantity        numeric     NOT NULL,
    mode            text        NOT NULL,
    decision        text        NOT NULL,
    expected_price  numeric,
    total_cost      numeric,
    signal_type     text        NOT NULL,
    action          text        NOT NULL,
    direction       text        NOT NULL,
    intent_time     timestamptz NOT NULL,
    routed_at       timestamptz NOT NULL,
    filled          boolean     NOT NULL DEFAULT false,
    body            jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routed_orders_intent ON routed_orders (intent_id);

CREATE TABLE fills (
    fill_id         text PRIMARY KEY,
    order_id        text        NOT NULL,
    intent_id       text        NOT NULL,
    venue           text        NOT NULL,
    instrument      text        NOT NULL,
    side            text        NOT NULL,
    quantity        numeric     NOT NULL,
    price           numeric     NOT NULL,
    fee             numeric     NOT NULL,
    mode            text        NOT NULL,
    expected_price  numeric,
    arrival_mid     numeric,
    slippage_bps    numeric,
    arrival_shortfall_bps numeric,
    signal_type     text        NOT NULL,
    action          text        NOT NULL,
    direction       text        NOT NULL,
    filled_at       timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fills_order ON fills (order_id);
CREATE INDEX fills_signal ON fills (signal_type);

CREATE TABLE positions (
    instrument      text        NOT NULL,
    venue           text        NOT NULL,
    quantity        numeric     NOT NULL,
    avg_entry       numeric     NOT NULL,
    realized_pnl    numeric     NOT NULL,
    entry_fees      numeric     NOT NULL,
    status          text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED', 'UNCONFIRMED')),
    signal_type     text,
    pending_orders  integer     NOT NULL DEFAULT 0,
    version         bigint      NOT NULL,
    updated_at      timestamptz,
    PRIMARY KEY (instrument, venue)
);

-- Each reducing fill's realized P&L, attributed to the signal that opened the position (TCA).
CREATE TABLE closed_trades (
    fill_id         text PRIMARY KEY REFERENCES fills (fill_id),
    instrument      text        NOT NULL,
    venue           text        NOT NULL,
    signal_type     text,
    quantity        numeric     NOT NULL,
    entry_price     numeric     NOT NULL,
    exit_price      numeric     NOT NULL,
    realized_pnl    numeric     NOT NULL,
    closed_at       timestamptz NOT NULL
);
CREATE INDEX closed_trades_time ON closed_trades (closed_at);

-- The sink's consumed offsets, committed in the same transaction as the rows they produced.
CREATE TABLE consumer_offsets (
    group_id        text    NOT NULL,
    topic           text    NOT NULL,
    partition       integer NOT NULL,
    next_offset     bigint  NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
);
