-- Cut-over detection (docs/checks.md#cut-over-detection): each switch of a notice's endpoint to the announced
-- chain or back, numbered per notice. The primary key lets the first instance that sees a switch record it.
CREATE TABLE cut_overs (
    notice_id text COLLATE "C" NOT NULL,
    seq       integer NOT NULL,
    doc       jsonb NOT NULL,
    PRIMARY KEY (notice_id, seq)
);

-- When each (notice, endpoint) was last probed, so successive runs of the minutely job on different instances
-- still probe an endpoint at most every CutOver:Interval.
CREATE TABLE cut_over_probes (
    notice_id text COLLATE "C" NOT NULL,
    endpoint  text COLLATE "C" NOT NULL,
    at_ticks  bigint NOT NULL,
    PRIMARY KEY (notice_id, endpoint)
);
