-- Per-notice change stamps, so an instance may keep a notice's deliveries and answers in memory and still see every
-- write of every instance (PostgresChangeBotStore.ReadCache.cs): the readiness page reads 10,000 deliveries and
-- 7,500 answers per view, and fetching and parsing them was most of its time. Triggers set the stamp in the
-- transaction of the write, so a reader that reads the stamp first and then the rows can only keep rows newer than
-- the stamp it keeps them under; every later write commits a stamp never seen before (from a sequence: values are
-- never reused, whatever the commit order), and the next read sees it differ.
--   deliveries: bumped by inserts (one statement per reserved chunk), deletes, and updates of a delivery that was no
--               longer pending. Updates of pending ones (a fan-out sending) do not bump: instances cache a notice's
--               deliveries only when none is pending, so those rows were never in a kept list, and the broadcast's
--               workers do not queue on one notice's stamp row.
--   answers:    bumped by every insert, update and delete.
-- No back-fill: a notice without a row reads as stamp 0, which its first write replaces.

CREATE SEQUENCE notice_change_stamps;

CREATE TABLE notice_changes (
    notice_id  text COLLATE "C" PRIMARY KEY,
    deliveries bigint NOT NULL DEFAULT 0,
    answers    bigint NOT NULL DEFAULT 0
);

-- Gives each notice listed a fresh stamp of one kind, rows taken in key order (two writers wait, never deadlock).
CREATE FUNCTION notice_changes_bump(p_notices text[], p_deliveries boolean) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO notice_changes AS c (notice_id, deliveries, answers)
    SELECT n,
        CASE WHEN p_deliveries THEN nextval('notice_change_stamps') ELSE 0 END,
        CASE WHEN p_deliveries THEN 0 ELSE nextval('notice_change_stamps') END
    FROM (SELECT DISTINCT n COLLATE "C" AS n FROM unnest(p_notices) AS u(n) WHERE n IS NOT NULL ORDER BY 1) s
    ON CONFLICT (notice_id) DO UPDATE SET
        deliveries = CASE WHEN p_deliveries THEN excluded.deliveries ELSE c.deliveries END,
        answers = CASE WHEN p_deliveries THEN c.answers ELSE excluded.answers END
$$;

-- TG_ARGV[0]: 'deliveries' or 'answers'. Statement triggers read the rows as the transition table changed_rows.
CREATE FUNCTION notice_changes_on_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notice_changes_bump(ARRAY(SELECT notice_id FROM changed_rows), TG_ARGV[0] = 'deliveries');
    RETURN NULL;
END $$;

CREATE FUNCTION notice_changes_on_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notice_changes_bump(ARRAY[OLD.notice_id, NEW.notice_id], TG_ARGV[0] = 'deliveries');
    RETURN NULL;
END $$;

-- Named "stamp_…" so they fire after the readiness_… triggers of 0007 (same event: by name; row triggers before
-- statement ones): every write locks a notice's readiness_counts row before its notice_changes row, never the
-- other way round.
CREATE TRIGGER stamp_deliveries_inserted AFTER INSERT ON deliveries
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notice_changes_on_rows('deliveries');
CREATE TRIGGER stamp_deliveries_deleted AFTER DELETE ON deliveries
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notice_changes_on_rows('deliveries');
CREATE TRIGGER stamp_deliveries_updated AFTER UPDATE ON deliveries
    FOR EACH ROW WHEN (OLD.status <> 'Pending' OR OLD.notice_id IS DISTINCT FROM NEW.notice_id)
    EXECUTE FUNCTION notice_changes_on_row('deliveries');

CREATE TRIGGER stamp_acknowledgements_inserted AFTER INSERT ON acknowledgements
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notice_changes_on_rows('answers');
CREATE TRIGGER stamp_acknowledgements_deleted AFTER DELETE ON acknowledgements
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION notice_changes_on_rows('answers');
CREATE TRIGGER stamp_acknowledgements_updated AFTER UPDATE ON acknowledgements
    FOR EACH ROW EXECUTE FUNCTION notice_changes_on_row('answers');
