-- Transactions: a customer and a provider dealing over a listing, following a process (V47).
CREATE TABLE transactions (
    id                  uuid        PRIMARY KEY,
    process_key         text        NOT NULL,
    process_version     int         NOT NULL,
    state               text        NOT NULL,
    -- transitions recorded so far; a timer set on entering a state fires only if this has not moved
    seq                 int         NOT NULL,
    entered_at          timestamptz NOT NULL,
    listing_id          uuid        NOT NULL,
    listing_title       text        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('nightly', 'daily', 'hourly', 'purchase', 'inquiry')),
    customer_id         uuid        NOT NULL,
    provider_id         uuid        NOT NULL,
    -- local date-times in the listing's time zone: nights [check-in, check-out), days [first, last + 1), hours
    starts_local        timestamp,
    ends_local          timestamp,
    time_zone           text        NOT NULL,
    starts_at           timestamptz,
    ends_at             timestamptz,
    seats               int         NOT NULL DEFAULT 1 CHECK (seats > 0),
    quantity            int         CHECK (quantity > 0),
    cancellation_policy text,
    currency            char(3),
    customer_total      bigint,
    quote               jsonb,
    payment_id          uuid,
    conversation_id     uuid,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    FOREIGN KEY (process_key, process_version) REFERENCES transaction_processes (key, version),
    CHECK (customer_id <> provider_id)
);
CREATE INDEX transactions_customer_idx ON transactions (customer_id, created_at DESC, id DESC);
CREATE INDEX transactions_provider_idx ON transactions (provider_id, created_at DESC, id DESC);
CREATE INDEX transactions_payment_idx ON transactions (payment_id) WHERE payment_id IS NOT NULL;

-- Every transition, append-only: who took it, when, and the price as it stood.
CREATE TABLE transaction_transitions (
    transaction_id uuid        NOT NULL REFERENCES transactions,
    seq            int         NOT NULL,
    name           text        NOT NULL,
    from_state     text,
    to_state       text        NOT NULL,
    by_role        text        NOT NULL CHECK (by_role IN ('customer', 'provider', 'operator', 'system')),
    by_member      uuid,
    at             timestamptz NOT NULL,
    message        text,
    refund         bigint,
    quote          jsonb,
    PRIMARY KEY (transaction_id, seq)
);

-- The one change allowed: a deleted member's words are erased; who did what, when, stays.
CREATE FUNCTION transaction_transitions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.message IS NULL
       AND (NEW.transaction_id, NEW.seq, NEW.name, NEW.from_state, NEW.to_state, NEW.by_role, NEW.by_member,
            NEW.at, NEW.refund, CAST(NEW.quote AS text))
           IS NOT DISTINCT FROM
           (OLD.transaction_id, OLD.seq, OLD.name, OLD.from_state, OLD.to_state, OLD.by_role, OLD.by_member,
            OLD.at, OLD.refund, CAST(OLD.quote AS text)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'transaction transitions are append-only';
END $$;
CREATE TRIGGER transaction_transitions_no_change BEFORE UPDATE OR DELETE ON transaction_transitions
    FOR EACH ROW EXECUTE FUNCTION transaction_transitions_append_only();
CREATE TRIGGER transaction_transitions_no_truncate BEFORE TRUNCATE ON transaction_transitions
    FOR EACH STATEMENT EXECUTE FUNCTION transaction_transitions_append_only();

-- The dates, days or hours a booking holds, in the listing's local time. The database refuses two
-- active bookings of a single-seat listing that overlap; several seats are checked under a lock.
CREATE TABLE transaction_bookings (
    transaction_id uuid    PRIMARY KEY REFERENCES transactions,
    listing_id     uuid    NOT NULL,
    seats          int     NOT NULL CHECK (seats > 0),
    during         tsrange NOT NULL CHECK (NOT isempty(during)),
    single_seat    boolean NOT NULL,
    active         boolean NOT NULL DEFAULT true,
    EXCLUDE USING gist (listing_id WITH =, during WITH &&) WHERE (active AND single_seat)
);
CREATE INDEX transaction_bookings_listing_idx ON transaction_bookings USING gist (listing_id, during) WHERE active;

-- Money the payments facade is asked to move once a transition has committed; repeated until done,
-- with the same idempotency key.
CREATE TABLE transaction_money_actions (
    transaction_id  uuid        NOT NULL REFERENCES transactions,
    seq             int         NOT NULL,
    action          text        NOT NULL,
    -- the order the process lists them in: a dispute's refund goes before its payout
    position        int         NOT NULL,
    amount          bigint,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    done_at         timestamptz,
    last_error      text,
    PRIMARY KEY (transaction_id, seq, action)
);
CREATE INDEX transaction_money_actions_due_idx ON transaction_money_actions (next_attempt_at) WHERE done_at IS NULL;
