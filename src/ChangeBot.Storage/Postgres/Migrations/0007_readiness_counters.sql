-- Readiness counts kept as counters (docs/console.md): computing them from every delivery, answer and check
-- sorted ~500,000 rows for a page of 50 notices at 10,000 channels (about 2 s). Triggers keep two tables in the
-- transaction of each write, so every write path (and every instance) maintains them and a reader never sees
-- a write without its counts:
--   readiness_channels: one row per channel a notice reached (broadcast to, answered from or checked in) with
--                       its latest answer (highest at_ticks, then seq: the answer stored last), or none;
--   readiness_counts:   per notice, how many of those channels there are and how many answered what.
-- Concurrency (READ COMMITTED, several instances): a channel row is created with ON CONFLICT DO NOTHING, which
-- waits for a concurrent inserter of the same key, and an answer locks its channel row (FOR UPDATE) before
-- comparing, so two answers from one channel are applied one after the other and the latest wins whatever the
-- order. Counts change only by increments in one upsert, which row-locks the notice's row: concurrent deltas
-- add up instead of overwriting each other.

CREATE TABLE readiness_channels (
    notice_id   text COLLATE "C" NOT NULL,
    channel_key text COLLATE "C" NOT NULL,
    answer      text,
    at_ticks    bigint,
    seq         bigint,
    PRIMARY KEY (notice_id, channel_key)
);

CREATE TABLE readiness_counts (
    notice_id    text COLLATE "C" PRIMARY KEY,
    channels     integer NOT NULL,
    ready        integer NOT NULL,
    not_affected integer NOT NULL,
    need_help    integer NOT NULL
);

-- Adds deltas to a notice's counts (creating its row on first use) in one statement.
CREATE FUNCTION readiness_add(p_notice text, p_channels integer, p_old_answer text, p_new_answer text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO readiness_counts AS c (notice_id, channels, ready, not_affected, need_help)
    VALUES (p_notice, p_channels,
        (p_new_answer IS NOT DISTINCT FROM 'Ready')::int - (p_old_answer IS NOT DISTINCT FROM 'Ready')::int,
        (p_new_answer IS NOT DISTINCT FROM 'NotAffected')::int - (p_old_answer IS NOT DISTINCT FROM 'NotAffected')::int,
        (p_new_answer IS NOT DISTINCT FROM 'NeedHelp')::int - (p_old_answer IS NOT DISTINCT FROM 'NeedHelp')::int)
    ON CONFLICT (notice_id) DO UPDATE SET
        channels = c.channels + excluded.channels,
        ready = c.ready + excluded.ready,
        not_affected = c.not_affected + excluded.not_affected,
        need_help = c.need_help + excluded.need_help
$$;

-- Broadcast deliveries (any status or revision) add their channels; one statement per reserved chunk, channel
-- rows taken in key order so two instances reserving overlapping chunks wait on each other instead of deadlocking.
CREATE FUNCTION readiness_on_deliveries() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH added AS (
        INSERT INTO readiness_channels (notice_id, channel_key)
        SELECT DISTINCT notice_id, doc->>'channelKey' COLLATE "C" FROM new_deliveries WHERE doc->>'kind' = 'Broadcast'
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING
        RETURNING notice_id)
    INSERT INTO readiness_counts AS c (notice_id, channels, ready, not_affected, need_help)
    SELECT notice_id, count(*), 0, 0, 0 FROM added GROUP BY notice_id ORDER BY notice_id
    ON CONFLICT (notice_id) DO UPDATE SET channels = c.channels + excluded.channels;
    RETURN NULL;
END $$;

CREATE FUNCTION readiness_on_channel_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE added integer;
BEGIN
    INSERT INTO readiness_channels (notice_id, channel_key) VALUES (NEW.notice_id, NEW.channel_key) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    IF added > 0 THEN
        PERFORM readiness_add(NEW.notice_id, 1, NULL, NULL);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION readiness_on_acknowledgement() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    added integer;
    latest readiness_channels%ROWTYPE;
BEGIN
    INSERT INTO readiness_channels (notice_id, channel_key) VALUES (NEW.notice_id, NEW.channel_key) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    SELECT * INTO latest FROM readiness_channels
    WHERE notice_id = NEW.notice_id AND channel_key = NEW.channel_key FOR UPDATE;
    IF latest.answer IS NOT NULL AND (latest.at_ticks, latest.seq) > (NEW.at_ticks, NEW.seq) THEN
        -- An older answer arriving late: the channel keeps its latest (and already existed).
        RETURN NULL;
    END IF;
    UPDATE readiness_channels SET answer = NEW.answer, at_ticks = NEW.at_ticks, seq = NEW.seq
    WHERE notice_id = NEW.notice_id AND channel_key = NEW.channel_key;
    PERFORM readiness_add(NEW.notice_id, added, latest.answer, NEW.answer);
    RETURN NULL;
END $$;

-- Inserted rows only: an acknowledgement or check that conflicts does not fire, and neither do delivery outcome
-- updates (status never decides readiness) nor a newer check replacing an older one (same channel).
CREATE TRIGGER readiness_deliveries AFTER INSERT ON deliveries
    REFERENCING NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION readiness_on_deliveries();
CREATE TRIGGER readiness_channel_checks AFTER INSERT ON channel_checks
    FOR EACH ROW EXECUTE FUNCTION readiness_on_channel_check();
CREATE TRIGGER readiness_acknowledgements AFTER INSERT ON acknowledgements
    FOR EACH ROW EXECUTE FUNCTION readiness_on_acknowledgement();

-- Back-fill what was written before this migration. The lock waits for writers in flight and holds new ones
-- until commit, when the triggers above take over: no write is counted twice or missed.
LOCK TABLE deliveries, acknowledgements, channel_checks IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO readiness_channels (notice_id, channel_key, answer, at_ticks, seq)
SELECT c.notice_id, c.channel_key, l.answer, l.at_ticks, l.seq
FROM (
    SELECT notice_id, doc->>'channelKey' COLLATE "C" AS channel_key FROM deliveries WHERE doc->>'kind' = 'Broadcast'
    UNION
    SELECT notice_id, channel_key FROM acknowledgements
    UNION
    SELECT notice_id, channel_key FROM channel_checks
) c
LEFT JOIN (
    SELECT DISTINCT ON (notice_id, channel_key) notice_id, channel_key, answer, at_ticks, seq FROM acknowledgements
    ORDER BY notice_id, channel_key, at_ticks DESC, seq DESC
) l ON l.notice_id = c.notice_id AND l.channel_key = c.channel_key;

INSERT INTO readiness_counts (notice_id, channels, ready, not_affected, need_help)
SELECT notice_id, count(*),
    count(*) FILTER (WHERE answer = 'Ready'),
    count(*) FILTER (WHERE answer = 'NotAffected'),
    count(*) FILTER (WHERE answer = 'NeedHelp')
FROM readiness_channels GROUP BY notice_id;
