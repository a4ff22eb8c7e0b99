-- Messaging: members who can no longer receive messages (suspended or deleted accounts), kept by
-- messaging from the accounts module's events, so a post checks its recipient in the same query as
-- the conversation and the blocks. Their conversations and history stay.
CREATE TABLE conversation_members_gone (
    member_id uuid        PRIMARY KEY,
    reason    text        NOT NULL CHECK (reason IN ('suspended', 'deleted')),
    since     timestamptz NOT NULL
);

-- members suspended or deleted before messaging followed the events (read once, here only)
INSERT INTO conversation_members_gone (member_id, reason, since)
SELECT id, status, coalesce(deleted_at, now())
  FROM members
 WHERE status IN ('suspended', 'deleted');
