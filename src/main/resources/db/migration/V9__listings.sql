-- Listings: what members offer, their photos, availability (weekly plan and date exceptions) and
-- stock. Listing type, category and custom field keys refer to the marketplace's catalogue by key;
-- the catalogue refuses to drop keys still in use (CatalogUsage), so no foreign keys across modules.
CREATE TABLE listings (
    id                  uuid        PRIMARY KEY,
    owner_id            uuid        NOT NULL,
    listing_type        text        NOT NULL,
    category            text        NOT NULL,
    title               text        NOT NULL DEFAULT '' CHECK (length(title) <= 100),
    description         text        NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    fields              jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fields) = 'object'),
    price_amount        bigint      CHECK (price_amount > 0),
    price_currency      char(3),
    address             text        CHECK (length(address) <= 200),
    latitude            double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude           double precision CHECK (longitude BETWEEN -180 AND 180),
    time_zone           text        NOT NULL,
    instant_book        boolean     NOT NULL DEFAULT false,
    seats               int         NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 1000),
    stock               int         CHECK (stock >= 0),
    min_duration        int         CHECK (min_duration >= 1),
    max_duration        int         CHECK (max_duration >= 1),
    advance_notice_days int         NOT NULL DEFAULT 0 CHECK (advance_notice_days BETWEEN 0 AND 365),
    cancellation_policy text        NOT NULL DEFAULT 'flexible'
                                    CHECK (cancellation_policy IN ('flexible', 'moderate', 'strict')),
    house_rules         text        NOT NULL DEFAULT '' CHECK (length(house_rules) <= 2000),
    status              text        NOT NULL CHECK (status IN ('draft', 'pendingApproval', 'published', 'closed')),
    rejection_reason    text,
    -- the owner is suspended: hidden from everyone else, whatever the status
    owner_hidden        boolean     NOT NULL DEFAULT false,
    -- true once the owner saved a weekly plan; until then the default plan applies
    has_weekly_plan     boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    published_at        timestamptz,
    deleted_at          timestamptz,
    CHECK ((price_amount IS NULL) = (price_currency IS NULL)),
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK (min_duration IS NULL OR max_duration IS NULL OR min_duration <= max_duration)
);
CREATE INDEX listings_owner_idx ON listings (owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX listings_status_idx ON listings (status, created_at) WHERE deleted_at IS NULL;
CREATE INDEX listings_type_idx ON listings (listing_type) WHERE deleted_at IS NULL;
CREATE INDEX listings_category_idx ON listings (category) WHERE deleted_at IS NULL;
CREATE INDEX listings_fields_idx ON listings USING gin (fields) WHERE deleted_at IS NULL;

CREATE TABLE listing_photos (
    id         uuid    PRIMARY KEY,
    listing_id uuid    NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    image_id   text    NOT NULL,
    position   int     NOT NULL,
    UNIQUE (listing_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- One row per open weekday of a listing's own weekly plan (ISO day: 1 = Monday).
CREATE TABLE listing_weekly_plan (
    listing_id  uuid     NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    day_of_week smallint NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
    opens       time,
    closes      time,
    seats       int      NOT NULL CHECK (seats BETWEEN 1 AND 1000),
    PRIMARY KEY (listing_id, day_of_week),
    CHECK ((opens IS NULL) = (closes IS NULL)),
    CHECK (opens IS NULL OR opens < closes)
);

-- Days (inclusive range, listing time zone) that differ from the weekly plan: 0 seats = blocked.
CREATE TABLE listing_availability_exceptions (
    id         uuid        PRIMARY KEY,
    listing_id uuid        NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    start_date date        NOT NULL,
    end_date   date        NOT NULL,
    seats      int         NOT NULL CHECK (seats BETWEEN 0 AND 1000),
    created_at timestamptz NOT NULL,
    CHECK (start_date <= end_date)
);
CREATE INDEX listing_availability_exceptions_idx ON listing_availability_exceptions (listing_id, start_date);

-- Every change of a purchase listing's stock, with the quantity it left.
CREATE TABLE listing_stock_adjustments (
    id          uuid        PRIMARY KEY,
    listing_id  uuid        NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    change      int         NOT NULL,
    quantity    int         NOT NULL CHECK (quantity >= 0),
    reason      text        NOT NULL CHECK (length(reason) <= 200),
    adjusted_by uuid,
    adjusted_at timestamptz NOT NULL
);
CREATE INDEX listing_stock_adjustments_idx ON listing_stock_adjustments (listing_id, adjusted_at);
