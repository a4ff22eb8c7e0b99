-- The ledger check reads every entry; these indexes give each of its parts what it needs, in the order
-- it groups by, so that it reads them alone (index-only) and never sorts.

-- every journal balances per currency: (journal_id, currency) in order, where only journal_id was
DROP INDEX ledger_entries_journal_idx;
CREATE INDEX ledger_entries_balance_idx ON ledger_entries (journal_id, currency) INCLUDE (amount);

-- every payment's figures: only the entries they are summed from, in payment order, beside the figures
DROP INDEX ledger_entries_payment_idx;
CREATE INDEX ledger_entries_figures_idx ON ledger_entries (payment_id) INCLUDE (account, amount)
    WHERE payment_id IS NOT NULL AND account IN ('gateway_clearing', 'marketplace_revenue', 'operator_cash');
CREATE INDEX payments_figures_idx ON payments (id) INCLUDE (gateway, captured, refunded, paid_out, fees_taken);

-- balances per account, member and currency: the check's, a member's (a skip scan over the five
-- accounts) and the commission owed (one account's range)
DROP INDEX ledger_entries_member_idx;
CREATE INDEX ledger_entries_accounts_idx ON ledger_entries (account, member_id, currency) INCLUDE (amount);

-- sum() of bigint answers numeric, built once per group: for a million journals that is most of the
-- check's time. This one stays bigint (and fails on overflow rather than wrapping).
CREATE AGGREGATE ledger_sum(bigint) (SFUNC = int8pl, STYPE = bigint, COMBINEFUNC = int8pl, PARALLEL = SAFE);
