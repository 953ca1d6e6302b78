-- The store port's tables. Each record is its StoreJson document (doc, jsonb) next to the key columns that
-- queries, ordering and uniqueness need. Keys compare byte-wise (COLLATE "C"), like LiteDB's ordinal
-- collation: 'Ev1' and 'ev1' are different keys and 'B' sorts before 'a'. Instants used for ordering are
-- UTC ticks (bigint), the exact values LiteDB compares, since timestamptz would round them to microseconds.

CREATE TABLE notices (
    id       text COLLATE "C" PRIMARY KEY,
    revision integer NOT NULL,
    doc      jsonb NOT NULL
);

-- Every stored revision: inserted, never rewritten.
CREATE TABLE notice_revisions (
    notice_id text COLLATE "C" NOT NULL,
    revision  integer NOT NULL,
    doc       jsonb NOT NULL,
    PRIMARY KEY (notice_id, revision)
);

CREATE TABLE subscriptions (
    id      text COLLATE "C" PRIMARY KEY,
    address text COLLATE "C" NOT NULL,
    doc     jsonb NOT NULL
);
CREATE INDEX subscriptions_by_address ON subscriptions (address);

CREATE TABLE conversations (
    address_key text COLLATE "C" PRIMARY KEY,
    doc         jsonb NOT NULL
);

CREATE TABLE secrets (
    key   text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);

-- The delivery ledger: the primary key is what makes a message owed once across every instance.
CREATE TABLE deliveries (
    key           text COLLATE "C" PRIMARY KEY,
    notice_id     text COLLATE "C" NOT NULL,
    status        text NOT NULL,
    created_ticks bigint NOT NULL,
    doc           jsonb NOT NULL
);
CREATE INDEX deliveries_by_notice ON deliveries (notice_id, created_ticks, key);
CREATE INDEX deliveries_pending ON deliveries (created_ticks, key) WHERE status = 'Pending';

-- Every answer is kept (seq keeps arrival order within an instant), and the same answer recorded twice is one row.
CREATE TABLE acknowledgements (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id   text COLLATE "C" NOT NULL,
    channel_key text COLLATE "C" NOT NULL,
    user_id     text COLLATE "C" NOT NULL,
    answer      text NOT NULL,
    at_ticks    bigint NOT NULL,
    doc         jsonb NOT NULL,
    CONSTRAINT acknowledgements_once UNIQUE (notice_id, channel_key, user_id, answer, at_ticks)
);
CREATE INDEX acknowledgements_by_notice ON acknowledgements (notice_id, at_ticks, seq);

CREATE TABLE unanswered (
    id       text COLLATE "C" PRIMARY KEY,
    at_ticks bigint NOT NULL,
    doc      jsonb NOT NULL
);
CREATE INDEX unanswered_by_time ON unanswered (at_ticks, id);

-- Inbound event ids (e.g. Slack's event_id): the primary key makes a retried event count once.
CREATE TABLE processed_events (
    event_key text COLLATE "C" PRIMARY KEY,
    at_ticks  bigint NOT NULL
);

CREATE TABLE audit (
    id       text COLLATE "C" PRIMARY KEY,
    at_ticks bigint NOT NULL,
    doc      jsonb NOT NULL
);
CREATE INDEX audit_by_time ON audit (at_ticks, id);

CREATE TABLE scheduled_jobs (
    key       text COLLATE "C" PRIMARY KEY,
    notice_id text COLLATE "C" NOT NULL,
    due_ticks bigint NOT NULL,
    doc       jsonb NOT NULL
);
CREATE INDEX scheduled_jobs_by_notice ON scheduled_jobs (notice_id, due_ticks, key);
