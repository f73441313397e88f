-- Execution quality (docs/README.md §Execution quality): each order's counterfactual — the venue the static
-- priority list would have chosen and its total cost at decision time — and what the SOR saved against it.
-- Orders recorded before this version have no counterfactual (NULL), and count in no savings figure.
ALTER TABLE routed_orders
    ADD COLUMN static_venue      text,
    ADD COLUMN static_total_cost numeric,
    ADD COLUMN notional_usd      numeric,
    ADD COLUMN savings           numeric,
    ADD COLUMN savings_bps       numeric;
CREATE INDEX routed_orders_routed_at ON routed_orders (routed_at);
