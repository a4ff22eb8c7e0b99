-- Two-step sign-in with an authenticator app (TOTP, RFC 6238). The secret is kept encrypted with the
-- install's key (SOUK_ENCRYPTION_KEY); while totp_enabled_at is null it belongs to an enrolment not yet
-- confirmed with a first code.
ALTER TABLE members
    ADD COLUMN totp_secret     bytea,
    ADD COLUMN totp_enabled_at timestamptz,
    -- the time step of the last code accepted: a code, or an older one, never works twice
    ADD COLUMN totp_last_step  bigint,
    ADD CONSTRAINT members_totp_secret_check CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL);

-- Single-use recovery codes, for when the authenticator is lost. Only hashes are kept.
CREATE TABLE member_recovery_codes (
    member_id uuid        NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    code_hash bytea       NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (member_id, code_hash)
);

-- A sign-in whose password was right and whose second factor is still to come. Wrong codes are counted
-- here rather than in the browser session, so requests sent in parallel can't try more than the limit.
CREATE TABLE sign_in_challenges (
    id         uuid        PRIMARY KEY,
    member_id  uuid        NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    remember   boolean     NOT NULL,
    attempts   int         NOT NULL DEFAULT 0,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sign_in_challenges_expires_idx ON sign_in_challenges (expires_at);
