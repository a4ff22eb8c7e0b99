-- The operator's marketplace: one row, created with neutral defaults the operator changes later.
CREATE TABLE marketplace_settings (
    id               smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    description      text        NOT NULL CHECK (length(description) <= 500),
    default_currency char(3)     NOT NULL CHECK (default_currency ~ '^[A-Z]{3}$'),
    time_zone        text        NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
INSERT INTO marketplace_settings (name, description, default_currency, time_zone)
VALUES ('Souk', '', 'EUR', 'UTC');
