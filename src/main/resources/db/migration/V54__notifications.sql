-- What members were told in the app. One row per (event, member): an event delivered again tells no
-- one twice, and its mail is queued only with a new row.
CREATE TABLE notifications (
    id          uuid        PRIMARY KEY,   -- time-ordered: the newest-first page is an index range
    member_id   uuid        NOT NULL,
    category    text        NOT NULL,
    source_key  text        NOT NULL,
    title       text        NOT NULL,
    body        text        NOT NULL,
    link        text        NOT NULL,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz,
    CONSTRAINT notifications_once UNIQUE (source_key, member_id)
);

CREATE INDEX notifications_of_member ON notifications (member_id, id DESC);
-- the bell's count on every page
CREATE INDEX notifications_unread ON notifications (member_id) WHERE read_at IS NULL;

-- A member's choice of mail per category; no row: mail on.
CREATE TABLE notification_preferences (
    member_id   uuid        NOT NULL,
    category    text        NOT NULL,
    mail        boolean     NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (member_id, category)
);
