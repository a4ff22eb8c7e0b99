-- The mail outbox: every mail is written here in the sender's transaction and delivered after commit.
CREATE TABLE mail_outbox (
    id              uuid        PRIMARY KEY,
    sender          text        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    text_body       text        NOT NULL,
    html_body       text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'kept', 'failed')),
    attempts        int         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
-- what the sweep asks for: pending mails that are due
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
-- the operator's list, newest first
CREATE INDEX mail_outbox_newest_idx ON mail_outbox (created_at DESC, id DESC);
