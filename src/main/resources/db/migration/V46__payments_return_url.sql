-- Where the customer comes back to after the gateway's checkout, kept so that a checkout whose start
-- went unanswered is started again with it.
ALTER TABLE payments ADD COLUMN return_url text CHECK (char_length(return_url) <= 2000);
