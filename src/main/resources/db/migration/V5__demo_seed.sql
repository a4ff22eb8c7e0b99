-- Remembers that the demo marketplace was seeded, so it is seeded once per database.
CREATE TABLE demo_seed (
    id        smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    seeded_at timestamptz NOT NULL
);
