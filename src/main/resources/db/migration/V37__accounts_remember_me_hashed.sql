-- "Keep me signed in" tokens, kept as SHA-256 hashes of the cookie's token so that a copy of the table
-- signs nobody in. The table they replace held the tokens in clear; its rows are not carried over, so
-- members who chose "keep me signed in" sign in once more.
CREATE TABLE remember_me_tokens (
    series     text        PRIMARY KEY,
    member_id  uuid        NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL,
    last_used  timestamptz NOT NULL
);
CREATE INDEX remember_me_tokens_member_idx ON remember_me_tokens (member_id);

DROP TABLE persistent_logins;
