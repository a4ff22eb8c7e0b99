-- Members: every member can be customer and provider; operators are members with the operator role.
CREATE TABLE members (
    id                uuid        PRIMARY KEY,
    email             text,                       -- null once the account is deleted
    email_verified_at timestamptz,
    password_hash     text,                       -- null once the account is deleted
    display_name      text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
    bio               text        NOT NULL DEFAULT '' CHECK (length(bio) <= 1000),
    city              text        NOT NULL DEFAULT '' CHECK (length(city) <= 80),
    avatar_image_id   text,
    avatar_url        text,
    avatar_thumb_url  text,
    roles             text[]      NOT NULL DEFAULT '{member}',
    status            text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    suspension_reason text,
    created_at        timestamptz NOT NULL,
    deleted_at        timestamptz,
    CHECK ((status = 'deleted') = (email IS NULL))
);
CREATE UNIQUE INDEX members_email_key ON members (lower(email));

-- Single-use links sent by mail: email verification, password reset, email change. Only hashes are kept.
CREATE TABLE account_tokens (
    token_hash bytea       PRIMARY KEY,
    member_id  uuid        NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    purpose    text        NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    new_email  text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX account_tokens_member_idx ON account_tokens (member_id, purpose);

-- Bearer tokens of the API. Only hashes are kept.
CREATE TABLE api_tokens (
    id           uuid        PRIMARY KEY,
    member_id    uuid        NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_hash   bytea       NOT NULL UNIQUE,
    label        text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_member_idx ON api_tokens (member_id);

-- Failed sign-ins, by account and by client address, for the brute-force limit.
CREATE TABLE sign_in_failures (
    key       text        NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_key_idx ON sign_in_failures (key, failed_at);

-- "Remember me" tokens of the page sign-in (Spring Security's persistent token scheme).
CREATE TABLE persistent_logins (
    username  varchar(64) NOT NULL,
    series    varchar(64) PRIMARY KEY,
    token     varchar(64) NOT NULL,
    last_used timestamp   NOT NULL
);
CREATE INDEX persistent_logins_username_idx ON persistent_logins (username);
