-- Endpoints channels watch (docs/checks.md#watching-an-endpoint): one row per watch, one watch per
-- (channel, endpoint); the unique index also serves a channel's list and its per-channel count.
CREATE TABLE watches (
    id          text COLLATE "C" PRIMARY KEY,
    channel_key text COLLATE "C" NOT NULL,
    endpoint    text COLLATE "C" NOT NULL,
    doc         jsonb NOT NULL,
    UNIQUE (channel_key, endpoint)
);
