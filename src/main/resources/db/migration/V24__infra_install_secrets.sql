-- Keys made at random for this install the first time one is needed, the same for every app node
-- (e.g. the key that signs search cursors). Never a default shipped with the code.
CREATE TABLE install_secrets (
    name       text        PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,39}$'),
    secret     bytea       NOT NULL CHECK (length(secret) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
