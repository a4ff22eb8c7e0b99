-- Whether a listing's calendar has a day with more seats or hours than its weekly plan gives that
-- weekday (an owner opening a day the plan closes). Only such listings need their dates checked day by
-- day; for all others the plan and the days that take seats away answer (see Search.days).
-- Rows already there count as opening (day by day, as before) until their next refresh or the nightly
-- rebuild works it out: no row is rewritten here.
ALTER TABLE search_listings ADD COLUMN calendar_opens boolean NOT NULL DEFAULT true;
ALTER TABLE search_listings ALTER COLUMN calendar_opens SET DEFAULT false;

DROP INDEX search_listings_bookable_idx;
CREATE INDEX search_listings_bookable_idx ON search_listings (cell, top_category, price_amount, category)
    INCLUDE (listing_id, listing_type, transaction, plan_seats, plan_hours, max_seats, min_duration, max_duration,
             advance_notice_days, time_zone, has_calendar, calendar_opens, facet_values)
    WHERE plan_seats IS NOT NULL;
