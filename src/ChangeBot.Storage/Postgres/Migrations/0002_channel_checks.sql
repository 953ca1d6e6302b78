-- The last chain check each channel ran for a notice (readiness shows it). One row per (notice, channel):
-- a newer check replaces the row, an older one arriving late does not.
CREATE TABLE channel_checks (
    notice_id   text COLLATE "C" NOT NULL,
    channel_key text COLLATE "C" NOT NULL,
    at_ticks    bigint NOT NULL,
    doc         jsonb NOT NULL,
    PRIMARY KEY (notice_id, channel_key)
);
