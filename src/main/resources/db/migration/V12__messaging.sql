-- Messaging: one conversation per customer and listing, between that customer and the listing's
-- provider; its messages; each participant's unread count and read position; blocks between members,
-- reports to the operator and whether a member wants mail about new messages. Member and listing ids
-- refer to other modules' tables, so no foreign keys to them.
CREATE TABLE conversations (
    id              uuid        PRIMARY KEY,
    listing_id      uuid        NOT NULL,
    -- kept here (and refreshed when the listing changes) so the inbox is one query
    listing_title   text        NOT NULL,
    customer_id     uuid        NOT NULL,
    provider_id     uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    last_message_id uuid,
    CHECK (customer_id <> provider_id),
    -- "Contact" again reuses the conversation, also when two requests race
    UNIQUE (listing_id, customer_id)
);
CREATE INDEX conversations_listing ON conversations (listing_id);
-- new conversations a young account started lately (rate limit)
CREATE INDEX conversations_customer_created ON conversations (customer_id, created_at);

CREATE TABLE messages (
    id              uuid        PRIMARY KEY,
    -- the order of messages and the cursor of the history; timestamps can tie
    seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    conversation_id uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sender_id       uuid        NOT NULL,
    body            text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    sent_at         timestamptz NOT NULL,
    -- when the other participant first read it
    seen_at         timestamptz
);
CREATE INDEX messages_history ON messages (conversation_id, seq DESC);
-- messages a member sent in the last minute (rate limit)
CREATE INDEX messages_sender_sent ON messages (sender_id, sent_at);
-- what "read" marks as seen
CREATE INDEX messages_unseen ON messages (conversation_id, sender_id) WHERE seen_at IS NULL;

ALTER TABLE conversations
    ADD CONSTRAINT conversations_last_message FOREIGN KEY (last_message_id) REFERENCES messages (id)
        DEFERRABLE INITIALLY DEFERRED;

-- Each participant's view of a conversation: two rows per conversation. The inbox and the unread
-- badge read only this table.
CREATE TABLE conversation_participants (
    conversation_id uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    member_id       uuid        NOT NULL,
    other_id        uuid        NOT NULL,
    last_message_at timestamptz NOT NULL,
    unread_count    int         NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
    -- when the oldest of the unread messages arrived; null when all are read
    first_unread_at timestamptz,
    last_read_at    timestamptz,
    -- the last mail about this conversation to this member (at most one per 15 minutes)
    last_mailed_at  timestamptz,
    PRIMARY KEY (conversation_id, member_id),
    CHECK ((unread_count = 0) = (first_unread_at IS NULL))
);
CREATE INDEX conversation_participants_inbox
    ON conversation_participants (member_id, last_message_at DESC, conversation_id DESC);
CREATE INDEX conversation_participants_unread
    ON conversation_participants (member_id) INCLUDE (unread_count) WHERE unread_count > 0;
-- the mail job looks only at waiting unread messages
CREATE INDEX conversation_participants_to_mail
    ON conversation_participants (first_unread_at) WHERE unread_count > 0;

-- A member who blocked another: no new messages either way; the history stays.
CREATE TABLE member_blocks (
    blocker_id uuid        NOT NULL,
    blocked_id uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX member_blocks_blocked ON member_blocks (blocked_id, blocker_id);

CREATE TABLE conversation_reports (
    id              uuid        PRIMARY KEY,
    conversation_id uuid        NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    reporter_id     uuid        NOT NULL,
    reason          text        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    created_at      timestamptz NOT NULL,
    resolved_at     timestamptz,
    resolved_by     uuid,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX conversation_reports_open ON conversation_reports (created_at) WHERE status = 'open';
CREATE INDEX conversation_reports_conversation ON conversation_reports (conversation_id);

-- Whether a member wants mail about new messages; no row means yes.
CREATE TABLE message_email_preferences (
    member_id  uuid    PRIMARY KEY,
    enabled    boolean NOT NULL DEFAULT true
);
