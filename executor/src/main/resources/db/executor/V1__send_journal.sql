-- The executor's send journal (docs/README.md §Live execution, "Send once"): one row per LIVE order that may have
-- been sent, written and committed before its placement request leaves. A row is never deleted by the executor:
-- an order with a row is never placed again, only looked up.
CREATE TABLE executor_sends (
    order_id         text        PRIMARY KEY,
    venue            text        NOT NULL,
    instrument       text        NOT NULL,
    client_order_id  text        NOT NULL,
    claimed_by       text        NOT NULL,           -- the executor instance that may have sent it
    claimed_at       timestamptz NOT NULL,
    venue_deadline   timestamptz,                    -- after it the venue will not match the order (Kraken Spot)
    state            text        NOT NULL,           -- SENT, UNKNOWN, or the final state published
    reason           text,
    order_json       text        NOT NULL,           -- the routed order, so an UNKNOWN one is resolved without Kafka
    settled_at       timestamptz,
    resolved_by      text,                           -- an operator's resolution: who, and why (in reason)
    lease_owner      text,                           -- the instance resolving it now, until lease_until
    lease_until      timestamptz
);
CREATE INDEX executor_sends_open ON executor_sends (state) WHERE state IN ('SENT', 'UNKNOWN');
