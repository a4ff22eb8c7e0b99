-- Every version of every transaction process that was ever loaded, with its file's text: a transaction
-- keeps running the version it started with after the files move on, and a version once used can't
-- come back with other content.
CREATE TABLE transaction_processes (
    key             text        NOT NULL CHECK (key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND char_length(key) <= 64),
    version         int         NOT NULL CHECK (version > 0),
    source          text        NOT NULL CHECK (octet_length(source) <= 65536),
    -- of the source's UTF-8 bytes, in hex
    sha256          text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    first_loaded_at timestamptz NOT NULL,
    PRIMARY KEY (key, version)
);
