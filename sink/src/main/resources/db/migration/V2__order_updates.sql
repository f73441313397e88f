-- Every state change of a LIVE order at its venue (execution.orders.updates), as the executor published it.
-- An update read twice (the executor re-reads the venue after a restart) is one row.
CREATE TABLE order_updates (
    order_id         text        NOT NULL,
    state            text        NOT NULL,
    filled_quantity  numeric     NOT NULL,
    intent_id        text        NOT NULL,
    instrument       text        NOT NULL,
    venue            text        NOT NULL,
    client_order_id  text        NOT NULL,
    venue_order_id   text,
    quantity         numeric     NOT NULL,
    average_price    numeric,
    fees             numeric     NOT NULL,
    reason           text,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (order_id, state, filled_quantity)
);
CREATE INDEX order_updates_venue_order ON order_updates (venue, venue_order_id);
