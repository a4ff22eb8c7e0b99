-- The operator's catalogue: what can be listed (listing types), where (categories) and with which
-- extra fields. Keys are stable slugs used in URLs, the API and stored field values.
ALTER TABLE marketplace_settings
    ADD COLUMN currencies                 char(3)[]    NOT NULL DEFAULT '{EUR}',
    ADD COLUMN approval_required          boolean      NOT NULL DEFAULT false,
    ADD COLUMN provider_commission_pct    numeric(5, 2) NOT NULL DEFAULT 0 CHECK (provider_commission_pct BETWEEN 0 AND 100),
    ADD COLUMN provider_commission_min    bigint       NOT NULL DEFAULT 0 CHECK (provider_commission_min >= 0),
    ADD COLUMN customer_fee_pct           numeric(5, 2) NOT NULL DEFAULT 0 CHECK (customer_fee_pct BETWEEN 0 AND 100),
    ADD CONSTRAINT marketplace_default_currency_allowed CHECK (default_currency = ANY (currencies));

CREATE TABLE listing_types (
    key            text     PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{0,39}$'),
    name           text     NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    transaction    text     NOT NULL CHECK (transaction IN ('nightly', 'daily', 'hourly', 'purchase', 'inquiry')),
    instant_book   boolean  NOT NULL DEFAULT false,
    multiple_seats boolean  NOT NULL DEFAULT false,
    requires       text[]   NOT NULL DEFAULT '{}' CHECK (requires <@ ARRAY['price', 'location', 'photos']),
    position       int      NOT NULL DEFAULT 0
);

CREATE TABLE categories (
    key           text   PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{0,39}$'),
    name          text   NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    parent_key    text   REFERENCES categories (key),
    listing_types text[] NOT NULL DEFAULT '{}',
    position      int    NOT NULL DEFAULT 0,
    CHECK (parent_key IS DISTINCT FROM key)
);
CREATE INDEX categories_parent_idx ON categories (parent_key);

CREATE TABLE custom_fields (
    key           text     PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{0,39}$'),
    label         text     NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
    type          text     NOT NULL CHECK (type IN ('text', 'longText', 'number', 'choice', 'multiChoice', 'boolean', 'date')),
    listing_types text[]   NOT NULL DEFAULT '{}',
    categories    text[]   NOT NULL DEFAULT '{}',
    required      boolean  NOT NULL DEFAULT false,
    searchable    boolean  NOT NULL DEFAULT false,
    filterable    boolean  NOT NULL DEFAULT false,
    choices       jsonb    NOT NULL DEFAULT '[]',
    min_value     numeric,
    max_value     numeric,
    unit          text     CHECK (length(unit) <= 20),
    position      int      NOT NULL DEFAULT 0,
    CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value)
);
