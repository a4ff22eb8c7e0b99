-- Operators list the transactions in one state (the disputes to resolve), newest first.
CREATE INDEX transactions_state_idx ON transactions (state, created_at DESC, id DESC);
