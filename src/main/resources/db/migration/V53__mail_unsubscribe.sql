-- the one-click unsubscribe address (RFC 8058) of a mail the recipient may turn off, sent as its
-- List-Unsubscribe header; none for mails that always go out (account security)
ALTER TABLE mail_outbox ADD COLUMN unsubscribe_url text;
