-- Mail: which member a mail was for, so that a member's mail can be listed in "download my data" and
-- erased with their account, also mail to addresses they no longer use. Mail from before this is
-- found by its recipient's address.
ALTER TABLE mail_outbox ADD COLUMN member_id uuid;
CREATE INDEX mail_outbox_member_idx ON mail_outbox (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (lower(recipient));
