-- The gateway the operator picked. Payments keep the gateway they started with.
CREATE TABLE payment_settings (
    id         boolean     PRIMARY KEY DEFAULT true CHECK (id),
    gateway    text        NOT NULL DEFAULT 'direct'
                           CHECK (gateway IN ('direct', 'card-simulator', 'stripe-connect')),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO payment_settings DEFAULT VALUES;

-- How a provider gets paid: by the gateway (a Stripe connected account) or directly by the customer,
-- following the instructions shown to customers.
CREATE TABLE payout_settings (
    member_id              uuid        PRIMARY KEY,
    method                 text        NOT NULL CHECK (method IN ('direct', 'stripe')),
    instructions           text        NOT NULL DEFAULT '' CHECK (char_length(instructions) <= 2000),
    stripe_account         text        UNIQUE,
    stripe_details_submitted boolean   NOT NULL DEFAULT false,
    stripe_payouts_enabled boolean     NOT NULL DEFAULT false,
    updated_at             timestamptz NOT NULL
);

-- One payment from a customer to a provider. The amount columns are what the ledger says of it
-- (the ledger check proves them equal); state says where it stands.
CREATE TABLE payments (
    id                uuid        PRIMARY KEY,
    -- what it pays for, e.g. a booking
    reference         uuid,
    gateway           text        NOT NULL,
    customer_id       uuid        NOT NULL,
    provider_id       uuid        NOT NULL CHECK (provider_id <> customer_id),
    currency          char(3)     NOT NULL,
    amount            bigint      NOT NULL CHECK (amount > 0),
    -- what the marketplace keeps of the amount
    fee               bigint      NOT NULL CHECK (fee >= 0 AND fee <= amount),
    description       text        NOT NULL CHECK (char_length(description) <= 200),
    state             text        NOT NULL,
    gateway_reference text,
    next_action_url   text,
    failure_code      text,
    authorized        bigint      NOT NULL DEFAULT 0 CHECK (authorized >= 0),
    captured          bigint      NOT NULL DEFAULT 0 CHECK (captured >= 0),
    refunded          bigint      NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    paid_out          bigint      NOT NULL DEFAULT 0 CHECK (paid_out >= 0),
    fees_taken        bigint      NOT NULL DEFAULT 0 CHECK (fees_taken >= 0),
    hold_expires_at   timestamptz,
    received_at       timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (gateway, gateway_reference),
    CHECK (captured <= amount),
    CHECK (refunded + paid_out + fees_taken <= captured OR gateway = 'direct')
);
CREATE INDEX payments_customer_idx ON payments (customer_id, created_at DESC, id DESC);
CREATE INDEX payments_provider_idx ON payments (provider_id, created_at DESC, id DESC);
CREATE INDEX payments_reference_idx ON payments (reference);
CREATE INDEX payments_holds_idx ON payments (hold_expires_at) WHERE state = 'authorized';

-- Every gateway call: recorded (started) before the call, with the idempotency key the call carries;
-- its outcome recorded after. A started operation whose outcome never came is repeated, with the
-- same key, by the recovery job.
CREATE TABLE payment_operations (
    id                uuid        PRIMARY KEY,
    payment_id        uuid        NOT NULL REFERENCES payments,
    kind              text        NOT NULL CHECK (kind IN ('authorize', 'capture', 'cancel', 'refund', 'payout')),
    amount            bigint      NOT NULL CHECK (amount >= 0),
    idempotency_key   text        NOT NULL UNIQUE,
    state             text        NOT NULL CHECK (state IN ('started', 'accepted', 'succeeded', 'failed')),
    gateway_reference text,
    failure_code      text,
    attempts          int         NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,
    finished_at       timestamptz
);
CREATE INDEX payment_operations_payment_idx ON payment_operations (payment_id, created_at);
CREATE INDEX payment_operations_due_idx ON payment_operations (next_attempt_at) WHERE state = 'started';
CREATE INDEX payment_operations_reference_idx ON payment_operations (gateway_reference)
    WHERE gateway_reference IS NOT NULL;

-- Webhooks already applied, so a replay has no second effect.
CREATE TABLE payment_webhook_events (
    gateway     text        NOT NULL,
    event_id    text        NOT NULL CHECK (char_length(event_id) <= 255),
    kind        text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (gateway, event_id)
);

-- The ledger: append-only, double-entry. A journal is one money movement; its entries sum to zero
-- per currency (debits positive, credits negative). Balances are sums of entries, never stored.
CREATE TABLE ledger_journals (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('capture', 'refund', 'release', 'payout', 'commission', 'settlement')),
    payment_id   uuid        REFERENCES payments,
    -- the operation whose outcome it records: one journal per outcome
    operation_id uuid        UNIQUE REFERENCES payment_operations,
    created_at   timestamptz NOT NULL
);
CREATE INDEX ledger_journals_created_idx ON ledger_journals (created_at);

CREATE TABLE ledger_entries (
    journal_id bigint  NOT NULL REFERENCES ledger_journals,
    account    text    NOT NULL CHECK (account IN ('gateway_clearing', 'funds_held', 'provider_payable',
                                                   'marketplace_revenue', 'operator_cash')),
    member_id  uuid,
    payment_id uuid,
    currency   char(3) NOT NULL,
    amount     bigint  NOT NULL CHECK (amount <> 0),
    CHECK ((member_id IS NULL) = (account IN ('gateway_clearing', 'marketplace_revenue', 'operator_cash')))
);
-- the check walks entries journal by journal from this index alone
CREATE INDEX ledger_entries_journal_idx ON ledger_entries (journal_id) INCLUDE (currency, amount);
CREATE INDEX ledger_entries_member_idx ON ledger_entries (member_id, account, currency) INCLUDE (amount)
    WHERE member_id IS NOT NULL;
CREATE INDEX ledger_entries_payment_idx ON ledger_entries (payment_id) INCLUDE (account, amount)
    WHERE payment_id IS NOT NULL;

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$;
CREATE TRIGGER ledger_journals_append_only BEFORE UPDATE OR DELETE ON ledger_journals
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_journals_no_truncate BEFORE TRUNCATE ON ledger_journals
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
