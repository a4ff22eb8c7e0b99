-- The review window of a completed booking or order: its two parties may review each other until it
-- closes. closed_at is set once, when both have reviewed or the window's time ran out.
CREATE TABLE review_windows (
    transaction_id uuid        PRIMARY KEY,
    listing_id     uuid        NOT NULL,
    customer_id    uuid        NOT NULL,
    provider_id    uuid        NOT NULL CHECK (provider_id <> customer_id),
    opened_at      timestamptz NOT NULL,
    closes_at      timestamptz NOT NULL CHECK (closes_at > opened_at),
    closed_at      timestamptz
);

-- One party's review of the other. Hidden from everyone but its author until published_at; an
-- operator may hide it again (hidden_at, with the reason told to its author).
CREATE TABLE reviews (
    id             uuid        PRIMARY KEY,
    transaction_id uuid        NOT NULL REFERENCES review_windows (transaction_id),
    author_id      uuid        NOT NULL,
    subject_id     uuid        NOT NULL CHECK (subject_id <> author_id),
    author_role    text        NOT NULL CHECK (author_role IN ('customer', 'provider')),
    -- the listing the customer's review also rates; none for the provider's
    listing_id     uuid        CHECK ((author_role = 'customer') = (listing_id IS NOT NULL)),
    rating         smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body           text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at     timestamptz NOT NULL,
    published_at   timestamptz,
    reply          text        CHECK (char_length(reply) BETWEEN 1 AND 2000),
    replied_at     timestamptz CHECK ((reply IS NULL) = (replied_at IS NULL)),
    hidden_at      timestamptz,
    hidden_by      uuid,
    hidden_reason  text        CHECK (char_length(hidden_reason) BETWEEN 1 AND 500),
    CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL)),
    -- each party reviews once
    UNIQUE (transaction_id, author_id)
);
-- public reviews, newest first: of a listing, and received by a member
CREATE INDEX reviews_listing_idx ON reviews (listing_id, published_at DESC, id DESC)
    WHERE published_at IS NOT NULL AND hidden_at IS NULL;
CREATE INDEX reviews_subject_idx ON reviews (subject_id, published_at DESC, id DESC)
    WHERE published_at IS NOT NULL AND hidden_at IS NULL;
-- the operator's list of recent reviews
CREATE INDEX reviews_recent_idx ON reviews (created_at DESC, id DESC);
