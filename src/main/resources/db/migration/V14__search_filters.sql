-- Search filters: every filter is answered from indexed columns of the read model, never computed per
-- listing per day at query time. Rows are computed in SQL from the listings tables (SearchIndex);
-- the table is emptied here so that the next start rebuilds it with the new columns.
TRUNCATE search_listings;

ALTER TABLE search_listings
    DROP COLUMN thumbnail_url,
    -- how the listing's type is transacted: nightly, daily, hourly, purchase, inquiry
    ADD COLUMN transaction         text     NOT NULL,
    -- the top-level category: the parent of a child category, else the category itself
    ADD COLUMN top_category        text     NOT NULL,
    -- the title alone, so that keyword search can take title matches first
    ADD COLUMN title_document      tsvector NOT NULL,
    -- unaccent(lower(title)), for close spellings (trigram index)
    ADD COLUMN title_plain         text     NOT NULL,
    -- values of the filterable choice, multiChoice, number and boolean fields
    ADD COLUMN filters             jsonb    NOT NULL DEFAULT '{}',
    -- 'field=choice' for each filterable choice and multiChoice value, for facet counts
    ADD COLUMN facet_values        text[]   NOT NULL DEFAULT '{}',
    ADD COLUMN cover_image         text,
    ADD COLUMN time_zone           text     NOT NULL,
    ADD COLUMN seats               int      NOT NULL DEFAULT 1,
    ADD COLUMN stock               int,
    ADD COLUMN min_duration        int,
    ADD COLUMN max_duration        int,
    ADD COLUMN advance_notice_days int      NOT NULL DEFAULT 0,
    -- the weekly plan: seats per ISO weekday (index 1 = Monday), 0 = closed; null unless bookable
    ADD COLUMN plan_seats          int[],
    -- hourly listings: whole opening hours per ISO weekday, 0 = closed
    ADD COLUMN plan_hours          int[],
    -- the most seats any weekday offers (0 for listings that aren't bookable)
    ADD COLUMN max_seats           int      NOT NULL DEFAULT 0,
    -- whether search_calendar has rows for it; most listings have none, so most date checks need no lookup
    ADD COLUMN has_calendar        boolean  NOT NULL DEFAULT false,
    -- null until reviews exist (the reviews module will keep these)
    ADD COLUMN rating_average      numeric(3, 2),
    ADD COLUMN rating_count        int      NOT NULL DEFAULT 0,
    ADD COLUMN rating_key          numeric(3, 2) GENERATED ALWAYS AS (coalesce(rating_average, -1)) STORED;

CREATE INDEX search_listings_title_idx ON search_listings USING gin (title_document);
CREATE INDEX search_listings_title_trgm_idx ON search_listings USING gin (title_plain gin_trgm_ops);
CREATE INDEX search_listings_filters_idx ON search_listings USING gin (filters jsonb_path_ops);
CREATE INDEX search_listings_location_idx ON search_listings USING gist (point(longitude, latitude));
CREATE INDEX search_listings_top_category_idx ON search_listings (top_category, published_at DESC);
CREATE INDEX search_listings_type_idx ON search_listings (listing_type, published_at DESC);
CREATE INDEX search_listings_price_idx ON search_listings (price_amount, listing_id) WHERE price_amount IS NOT NULL;
CREATE INDEX search_listings_rating_idx ON search_listings (rating_key DESC, listing_id DESC);

-- Days on which a listing's free seats differ from its weekly plan, within the next year or so: today
-- its availability exceptions (capacity); the transactions module will add its bookings (booked). A
-- day without a row has the weekly plan's seats for its weekday, none booked.
CREATE TABLE search_calendar (
    listing_id uuid     NOT NULL,
    day        date     NOT NULL,
    capacity   int      NOT NULL CHECK (capacity >= 0),
    booked     int      NOT NULL DEFAULT 0 CHECK (booked >= 0),
    -- hourly listings: whole opening hours that day
    open_hours int,
    free_seats int      GENERATED ALWAYS AS (greatest(capacity - booked, 0)) STORED,
    PRIMARY KEY (listing_id, day)
);
