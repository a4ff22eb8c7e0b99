-- Search by place with real statistics: the point's cell in a grid of 0.1° (about 11 km north-south)
-- and of 1°, as integers with btree indexes. A radius or map box asks for the cells it covers
-- (cell = ANY), which the planner can estimate from the columns' statistics and scan in any order,
-- stopping early; the exact bounds and distance are checked on the rows those cells hold. (A
-- `point <@ box` condition has a constant selectivity estimate, so wide boxes got the wrong plans.)
-- Row-major: latitude band × (bands per circle + 1) + longitude band.
ALTER TABLE search_listings
    ADD COLUMN cell   int GENERATED ALWAYS AS (
        CAST(floor((latitude + 90) * 10) AS int) * 3601 + CAST(floor((longitude + 180) * 10) AS int)) STORED,
    ADD COLUMN region int GENERATED ALWAYS AS (
        CAST(floor(latitude + 90) AS int) * 361 + CAST(floor(longitude + 180) AS int)) STORED;

-- with the categories, so that a place and a category are one index range per cell
CREATE INDEX search_listings_cell_category_idx ON search_listings (cell, top_category, category);
CREATE INDEX search_listings_region_idx ON search_listings (region);

-- Category and price range: one index range scan that stops once a page (or the 10,001 rows a count
-- needs) is found, instead of two bitmaps of a hundred thousand rows and more ANDed together.
CREATE INDEX search_listings_category_price_idx ON search_listings (category, price_amount);

-- Date searches look up the calendar days in the asked range that take seats away, for all listings
-- at once: by day, without visiting the table.
CREATE INDEX search_calendar_day_idx ON search_calendar (day, listing_id) INCLUDE (free_seats, open_hours);

-- statistics for the new columns now, not whenever autovacuum comes by
ANALYZE search_listings, search_calendar;
