-- The demo accounts' passwords are made at random for each install and kept here only while they are
-- still the accounts' passwords, so the console can show them at every start until they are changed.
ALTER TABLE demo_seed
    ADD COLUMN operator_password text,
    ADD COLUMN member_password   text;
