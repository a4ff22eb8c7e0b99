-- Outbound webhooks: the operator's endpoints, one delivery per event and endpoint, and every attempt
-- made to deliver it.
CREATE TABLE webhook_endpoints (
    id            uuid        PRIMARY KEY,
    url           text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    description   text        NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    events        text[]      NOT NULL CHECK (cardinality(events) > 0),
    -- the signing secret, sealed with the install's encryption key (bound to this endpoint's id)
    secret        bytea       NOT NULL,
    state         text        NOT NULL DEFAULT 'enabled' CHECK (state IN ('enabled', 'paused')),
    paused_at     timestamptz,
    -- why it was paused: 'failing' (Souk did it) or 'operator'
    paused_reason text        CHECK (paused_reason IN ('failing', 'operator')),
    -- the first failed attempt since the last successful one; none while it answers
    failing_since timestamptz,
    created_at    timestamptz NOT NULL,
    CHECK ((state = 'paused') = (paused_at IS NOT NULL AND paused_reason IS NOT NULL))
);

CREATE TABLE webhook_deliveries (
    id               uuid        PRIMARY KEY,
    endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id         uuid        NOT NULL,
    event_type       text        NOT NULL,
    -- the body exactly as it is signed and sent
    payload          text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- when it is tried next; while an attempt runs, when that attempt's claim runs out
    next_attempt_at  timestamptz,
    -- retries stop 24 hours after the first attempt (set by it; cleared when the operator sends it again)
    retry_until      timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL,
    -- an event the outbox hands over again is delivered once
    UNIQUE (event_id, endpoint_id),
    CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE webhook_attempts (
    id              uuid        PRIMARY KEY,
    delivery_id     uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    number          integer     NOT NULL CHECK (number > 0),
    attempted_at    timestamptz NOT NULL,
    duration_ms     integer     NOT NULL CHECK (duration_ms >= 0),
    succeeded       boolean     NOT NULL,
    status_code     integer,
    error           text,
    -- the retry this attempt's failure set; none after a success or the last try
    next_attempt_at timestamptz,
    UNIQUE (delivery_id, number)
);
