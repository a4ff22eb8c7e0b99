-- A mail's text holds links that sign in or verify; it is kept only until the mail is sent (or given up
-- on). Mails that are no longer pending are deleted after 30 days (MailDelivery).
ALTER TABLE mail_outbox
    ALTER COLUMN text_body DROP NOT NULL,
    ALTER COLUMN html_body DROP NOT NULL;

UPDATE mail_outbox SET text_body = NULL, html_body = NULL WHERE status IN ('sent', 'failed');

ALTER TABLE mail_outbox
    ADD CONSTRAINT mail_outbox_body_until_sent
        CHECK (status IN ('sent', 'failed') OR (text_body IS NOT NULL AND html_body IS NOT NULL));

-- the purge: oldest first among mails that are done
CREATE INDEX mail_outbox_done_idx ON mail_outbox (created_at) WHERE status <> 'pending';
