-- Incremental reads of a notice's deliveries and answers (PostgresChangeBotStore.ReadCache.cs): an instance that keeps
-- a notice's lists fetches only the rows written since its last read and merges them, instead of reading all 10,000
-- deliveries or 7,500 answers again after each answer, and on every view while a broadcast is running.
--
-- written_by: the transaction that last inserted or updated the row (pg_current_xact_id(), the top-level id, also
-- from a savepoint). A read runs in one statement and remembers its snapshot's xmin; every transaction below that
-- xmin had ended when the read ran, so its rows were in the read. The next read fetches the rows with
-- written_by >= that xmin: they include every write the previous read could not see, whatever order the writers
-- committed in (a sequence or a timestamp, assigned before commit, would miss a transaction that commits late).
-- Inserts get it from the column's default (also those of an instance of the previous version during a rolling
-- update); updates from a BEFORE trigger, which takes no lock, so a broadcast's workers do not queue on anything
-- new. Rows from before this migration keep NULL: they were committed before it (ALTER TABLE waits for writers),
-- so an instance's first (full) read has them, and no later one needs them.
--
-- A removed row cannot be fetched: deletes (and an update that moves a row to another notice or changes its key)
-- give the notice a fresh "removed" stamp from notice_change_stamps in notice_changes, read in the same statement
-- as the rows; a read that finds it changed reads the notice's rows whole. The app never deletes these rows (an
-- operator may). TRUNCATE is not stamped: restart instances after one, as after a restore.
--
-- The stamps of 0009 (deliveries, answers) stay maintained for instances of the previous version during a rolling
-- update; this version no longer reads them (their triggers can go in a later release).
--
-- xid8, pg_current_xact_id() and pg_snapshot_xmin() are PostgreSQL 13's, the oldest supported (manifests/deploy/README.md).
--
-- Existing rows are not rewritten (the column is added without a default, which is set afterwards); the indexes
-- are partial (written_by IS NOT NULL), so building them reads the tables but indexes no existing row.

ALTER TABLE deliveries ADD COLUMN written_by xid8;
ALTER TABLE deliveries ALTER COLUMN written_by SET DEFAULT pg_current_xact_id();
ALTER TABLE acknowledgements ADD COLUMN written_by xid8;
ALTER TABLE acknowledgements ALTER COLUMN written_by SET DEFAULT pg_current_xact_id();

CREATE INDEX deliveries_written ON deliveries (notice_id, written_by) WHERE written_by IS NOT NULL;
CREATE INDEX acknowledgements_written ON acknowledgements (notice_id, written_by) WHERE written_by IS NOT NULL;

CREATE FUNCTION written_by_current_transaction() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.written_by := pg_current_xact_id();
    RETURN NEW;
END $$;

CREATE TRIGGER written_by_on_update BEFORE UPDATE ON deliveries
    FOR EACH ROW EXECUTE FUNCTION written_by_current_transaction();
CREATE TRIGGER written_by_on_update BEFORE UPDATE ON acknowledgements
    FOR EACH ROW EXECUTE FUNCTION written_by_current_transaction();

ALTER TABLE notice_changes
    ADD COLUMN deliveries_removed bigint NOT NULL DEFAULT 0,
    ADD COLUMN answers_removed bigint NOT NULL DEFAULT 0;

-- As notice_changes_bump (0009), for the removed stamps: rows taken in key order (two writers wait, never deadlock).
CREATE FUNCTION notice_removals_bump(p_notices text[], p_deliveries boolean) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO notice_changes AS c (notice_id, deliveries_removed, answers_removed)
    SELECT n,
        CASE WHEN p_deliveries THEN nextval('notice_change_stamps') ELSE 0 END,
        CASE WHEN p_deliveries THEN 0 ELSE nextval('notice_change_stamps') END
    FROM (SELECT DISTINCT n COLLATE "C" AS n FROM unnest(p_notices) AS u(n) WHERE n IS NOT NULL ORDER BY 1) s
    ON CONFLICT (notice_id) DO UPDATE SET
        deliveries_removed = CASE WHEN p_deliveries THEN excluded.deliveries_removed ELSE c.deliveries_removed END,
        answers_removed = CASE WHEN p_deliveries THEN c.answers_removed ELSE excluded.answers_removed END
$$;

-- TG_ARGV[0]: 'deliveries' or 'answers'.
CREATE FUNCTION notice_removals_on_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notice_removals_bump(ARRAY(SELECT notice_id FROM removed_rows), TG_ARGV[0] = 'deliveries');
    RETURN NULL;
END $$;

CREATE FUNCTION notice_removals_on_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notice_removals_bump(ARRAY[OLD.notice_id], TG_ARGV[0] = 'deliveries');
    RETURN NULL;
END $$;

-- Named "stamp_removed_…": they fire after the readiness_… (0007) and stamp_… (0009) triggers of the same event, so
-- the lock order of 0009 (readiness_counts, then notice_changes) holds.
CREATE TRIGGER stamp_removed_deliveries AFTER DELETE ON deliveries
    REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION notice_removals_on_rows('deliveries');
CREATE TRIGGER stamp_removed_deliveries_moved AFTER UPDATE ON deliveries
    FOR EACH ROW WHEN (OLD.notice_id IS DISTINCT FROM NEW.notice_id OR OLD.key IS DISTINCT FROM NEW.key)
    EXECUTE FUNCTION notice_removals_on_row('deliveries');
CREATE TRIGGER stamp_removed_acknowledgements AFTER DELETE ON acknowledgements
    REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION notice_removals_on_rows('answers');
CREATE TRIGGER stamp_removed_acknowledgements_moved AFTER UPDATE ON acknowledgements
    FOR EACH ROW WHEN (OLD.notice_id IS DISTINCT FROM NEW.notice_id OR OLD.seq IS DISTINCT FROM NEW.seq)
    EXECUTE FUNCTION notice_removals_on_row('answers');
