-- Counting and faceting the first 10,001 matches of a broad search by place, or by category and
-- price, from the index alone (an index-only scan): the indexes hold what the count reads, so the
-- rows the filters pass over, and those counted, are never read from the table. A place, its category
-- and a price range are one index range per cell.
DROP INDEX search_listings_cell_category_idx;
CREATE INDEX search_listings_cell_category_idx ON search_listings (cell, top_category, price_amount, category)
    INCLUDE (latitude, longitude, facet_values);

DROP INDEX search_listings_region_idx;
CREATE INDEX search_listings_region_idx ON search_listings (region)
    INCLUDE (latitude, longitude, top_category, category, price_amount, facet_values);

-- a child category is asked with its top-level one (Search), so one index serves both
DROP INDEX search_listings_category_price_idx;
CREATE INDEX search_listings_category_price_idx ON search_listings (top_category, price_amount, category)
    INCLUDE (facet_values);
