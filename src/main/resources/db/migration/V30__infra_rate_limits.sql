-- Token buckets of the rate limits (Bucket4j, PostgreSQL "select for update" flavour), one row per
-- limit and key, shared by every app node. The id names the limit and its setting, then a hash of the
-- key (a client address, an email, a member), so no address or email is kept in clear.
CREATE TABLE rate_limit_buckets (
    id         text        PRIMARY KEY,
    state      bytea,
    -- when the bucket is full again and the row means no more than a missing one; Bucket4j inserts
    -- an empty row first and sets this with the state right after
    expires_at timestamptz NOT NULL DEFAULT now() + interval '1 day'
);
CREATE INDEX rate_limit_buckets_expires_idx ON rate_limit_buckets (expires_at);
