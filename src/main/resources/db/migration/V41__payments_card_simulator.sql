-- The card simulator: a card processor for demos and tests that keeps its own books, as a real one
-- would. The rest of the payments module never reads these tables; it learns what happened from the
-- answers of the gateway calls and from the webhooks the simulator posts.

-- A payment: a checkout the customer pays by card, then a hold, then what was captured, refunded and
-- paid out of it. The card number is never kept, only its brand and last four digits.
CREATE TABLE card_simulator_charges (
    reference        text        PRIMARY KEY,
    payment_id       uuid        NOT NULL,
    amount           bigint      NOT NULL CHECK (amount > 0),
    currency         char(3)     NOT NULL,
    application_fee  bigint      NOT NULL,
    provider_account text,
    description      text        NOT NULL,
    return_url       text        NOT NULL,
    status           text        NOT NULL
        CHECK (status IN ('open', 'authenticating', 'held', 'captured', 'cancelled', 'expired')),
    card_brand       text,
    card_last4       char(4),
    -- why the last card tried was refused, shown on the checkout page until a card is accepted
    failure_code     text,
    held_until       timestamptz,
    captured         bigint      NOT NULL DEFAULT 0,
    refunded         bigint      NOT NULL DEFAULT 0,
    paid_out         bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    CHECK (application_fee BETWEEN 0 AND amount),
    CHECK (status <> 'held' OR held_until IS NOT NULL),
    -- a card was given for every payment that got past the checkout
    CHECK (status IN ('open', 'cancelled') OR card_brand IS NOT NULL AND card_last4 IS NOT NULL),
    CHECK (captured BETWEEN 0 AND amount),
    CHECK (refunded BETWEEN 0 AND captured),
    CHECK (paid_out BETWEEN 0 AND captured)
);
-- what the expiry job asks for: holds that ran out
CREATE INDEX card_simulator_charges_holds_idx ON card_simulator_charges (held_until) WHERE status = 'held';

CREATE TABLE card_simulator_refunds (
    reference  text        PRIMARY KEY,
    charge     text        NOT NULL REFERENCES card_simulator_charges,
    amount     bigint      NOT NULL CHECK (amount > 0),
    created_at timestamptz NOT NULL
);
CREATE INDEX card_simulator_refunds_charge_idx ON card_simulator_refunds (charge);

CREATE TABLE card_simulator_payouts (
    reference        text        PRIMARY KEY,
    charge           text        NOT NULL REFERENCES card_simulator_charges,
    amount           bigint      NOT NULL CHECK (amount > 0),
    provider_account text,
    status           text        NOT NULL CHECK (status IN ('pending', 'paid')),
    created_at       timestamptz NOT NULL,
    paid_at          timestamptz,
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX card_simulator_payouts_charge_idx ON card_simulator_payouts (charge);
-- what the payout job asks for
CREATE INDEX card_simulator_payouts_pending_idx ON card_simulator_payouts (created_at) WHERE status = 'pending';

-- Every idempotency key the simulator was called with, and what it answered. A call claims its key
-- first and writes its answer last, in the transaction of its effect, so a key has both or neither; the
-- primary key decides between two calls with one key at the same time: the second waits for the first
-- to commit and answers what it answered.
CREATE TABLE card_simulator_idempotency_keys (
    key               text        PRIMARY KEY,
    -- the call the key was first used for; another call with the same key is refused
    request           text        NOT NULL,
    -- NULL only inside the transaction that claimed the key
    outcome           text        CHECK (outcome IN ('succeeded', 'pending', 'requires_action', 'declined')),
    outcome_reference text,
    outcome_url       text,
    outcome_code      text,
    created_at        timestamptz NOT NULL
);

-- The webhook outbox: an event per change, written in the change's transaction, posted after commit
-- and retried until the receiver answers 2xx.
CREATE TABLE card_simulator_events (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL,
    reference       text        NOT NULL,
    amount          bigint,
    currency        char(3),
    failure_code    text,
    created_at      timestamptz NOT NULL,
    attempts        int         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- NULL once delivered
    next_attempt_at timestamptz,
    delivered_at    timestamptz,
    last_error      text,
    CHECK ((amount IS NULL) = (currency IS NULL)),
    CHECK ((delivered_at IS NULL) = (next_attempt_at IS NOT NULL))
);
CREATE INDEX card_simulator_events_due_idx ON card_simulator_events (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX card_simulator_events_reference_idx ON card_simulator_events (reference);
