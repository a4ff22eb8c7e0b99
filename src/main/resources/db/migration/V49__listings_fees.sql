-- Extra fees a listing charges once per booking or order (cleaning, shipping), in the price's currency.
-- At most five per listing (positions 0-4); the key names the fee in quotes and line items.
CREATE TABLE listing_fees (
    listing_id uuid     NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position   smallint NOT NULL CHECK (position BETWEEN 0 AND 4),
    key        text     NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]{0,29}$'),
    label      text     NOT NULL CHECK (length(label) BETWEEN 1 AND 60),
    amount     bigint   NOT NULL CHECK (amount BETWEEN 1 AND 1000000000000),
    currency   char(3)  NOT NULL,
    PRIMARY KEY (listing_id, key),
    UNIQUE (listing_id, position)
);
