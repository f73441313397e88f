-- LIVE funding (docs/README.md §Funding): payments a venue booked on the account, as its history reports them.
-- One per (venue, payment_id); the quantity is not reported (NULL), the rate and mark only by some venues.
ALTER TABLE funding_payments ADD COLUMN payment_id text;
ALTER TABLE funding_payments ALTER COLUMN quantity DROP NOT NULL;
ALTER TABLE funding_payments ALTER COLUMN rate DROP NOT NULL;
ALTER TABLE funding_payments ALTER COLUMN mark_price DROP NOT NULL;
ALTER TABLE funding_payments DROP CONSTRAINT funding_payments_mark_source_check;
ALTER TABLE funding_payments ADD CONSTRAINT funding_payments_mark_source_check
    CHECK (mark_source IN ('VENUE_MARK', 'LAST_FILL', 'VENUE_PAYMENT'));
CREATE UNIQUE INDEX funding_payments_venue_payment ON funding_payments (venue, payment_id) WHERE payment_id IS NOT NULL;
