-- The search module's read model: one row per publicly visible listing, kept in step with the
-- listings module's events. The text is indexed once, on write, never per query.
CREATE TABLE search_listings (
    listing_id     uuid             PRIMARY KEY,
    listing_type   text             NOT NULL,
    category       text             NOT NULL,
    title          text             NOT NULL,
    document       tsvector         NOT NULL,
    price_amount   bigint,
    price_currency char(3),
    unit           text,
    address        text,
    latitude       double precision,
    longitude      double precision,
    thumbnail_url  text,
    published_at   timestamptz      NOT NULL
);
CREATE INDEX search_listings_document_idx ON search_listings USING gin (document);
CREATE INDEX search_listings_newest_idx ON search_listings (published_at DESC, listing_id DESC);
CREATE INDEX search_listings_category_idx ON search_listings (category, published_at DESC);
