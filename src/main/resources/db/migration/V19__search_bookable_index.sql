-- Counting and faceting the first 10,001 listings bookable for some dates (a search by dates without a
-- place or keywords) from this index alone: it holds what the availability check and the facets read,
-- about 190 bytes a listing. Without it the count reads the table in order, which PostgreSQL does
-- through a small ring of buffers, so its pages come from the operating system on every search.
-- Its key is the place index's (and the table's order, see SearchIndex.rebuild): checking whether a
-- row is visible finds the page already at hand, and a place with a category and dates reads this
-- smaller index instead, with the same ranges.
CREATE INDEX search_listings_bookable_idx ON search_listings (cell, top_category, price_amount, category)
    INCLUDE (listing_id, listing_type, transaction, plan_seats, plan_hours, max_seats, min_duration, max_duration,
             advance_notice_days, time_zone, has_calendar, facet_values)
    WHERE plan_seats IS NOT NULL;
