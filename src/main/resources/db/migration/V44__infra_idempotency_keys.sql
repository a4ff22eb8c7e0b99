-- The Idempotency-Key of the JSON API's writes: the first request with a key runs, and its answer is
-- kept so that a retry with the same key gets that answer instead of running again. Shared by every
-- app node. The id, the digests and the sealed answer are made with a secret derived from the caller
-- and the key, which are kept nowhere: a copy of this table reveals no key, no request body and no
-- answer (a new API token, say).
CREATE TABLE idempotency_keys (
    id           bytea       PRIMARY KEY CHECK (length(id) = 32),
    method       text        NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
    path         text        NOT NULL,
    query_digest bytea       NOT NULL,
    body_digest  bytea       NOT NULL,
    -- when the first request came; the key is kept at least 24 hours from then
    created_at   timestamptz NOT NULL,
    -- while the first request runs: its claim (null once answered)
    claim        uuid,
    -- the first answer; 5xx answers are never kept, so a retry can run again
    status       smallint    CHECK (status BETWEEN 200 AND 499),
    content_type text,
    location     text,
    -- sealed; null when the answer was too large to keep
    body         bytea,
    CHECK ((claim IS NULL) = (status IS NOT NULL))
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
