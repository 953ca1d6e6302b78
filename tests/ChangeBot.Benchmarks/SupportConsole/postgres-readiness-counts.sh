#!/usr/bin/env bash
# PostgreSQL readiness counts of the console's first page (50 notices x 10,000 channels), before and after the
# counters of src/ChangeBot.Storage/Postgres/Migrations/0007_readiness_counters.sql (tests/ChangeBot.Benchmarks/README.md#console).
# Needs psql and a server reached through the usual PG* variables (PGHOST, PGPORT, PGUSER); creates and drops a
# database named changebot_readiness_bench. About 30 s.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
migrations="$(cd "$(dirname "$0")/../../../src/ChangeBot.Storage/Postgres/Migrations" && pwd)"
db=changebot_readiness_bench
q() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
ids="ARRAY[$(seq -s, -f "'n%g'" 1 50)]::text[]"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
for f in "$migrations"/000[1-6]_*.sql; do q -f "$f"; done

echo "== rows: 50 notices x 10,000 broadcast deliveries, 60 % of channels answered (a fifth of those twice), 10 % checked"
q <<'SQL'
INSERT INTO deliveries (key, notice_id, status, created_ticks, doc)
SELECT format('n%s|c%s|Broadcast|1', n, c), 'n' || n, 'Sent', 638000000000000000 + c,
       jsonb_build_object('key', format('n%s|c%s|Broadcast|1', n, c), 'noticeId', 'n' || n, 'channelKey', 'slack:T1:C' || c,
                          'kind', 'Broadcast', 'revision', 1, 'status', 'Sent', 'attempts', 1, 'messageTs', '1700000000.' || c)
FROM generate_series(1, 50) n, generate_series(1, 10000) c;
INSERT INTO acknowledgements (notice_id, channel_key, user_id, answer, at_ticks, doc)
SELECT 'n' || n, 'slack:T1:C' || c, 'U' || r, (ARRAY['Ready','NotAffected','NeedHelp'])[1 + (c + r) % 3], 638000000000000000 + c * 10 + r,
       jsonb_build_object('noticeId', 'n' || n, 'channelKey', 'slack:T1:C' || c, 'userId', 'U' || r)
FROM generate_series(1, 50) n, generate_series(1, 10000) c, generate_series(1, 2) r
WHERE c % 10 < 6 AND (r = 1 OR c % 5 = 0);
INSERT INTO channel_checks (notice_id, channel_key, at_ticks, doc)
SELECT 'n' || n, 'slack:T1:C' || c, 638000000000000000, '{}'::jsonb
FROM generate_series(1, 50) n, generate_series(1, 10000) c WHERE c % 10 = 0;
ANALYZE;
SQL

# The statement PostgresChangeBotStore.CountReadinessAsync ran before the counters.
before="WITH channels AS (
    SELECT notice_id, doc->>'channelKey' COLLATE \"C\" AS channel_key FROM deliveries
    WHERE notice_id = ANY($ids) AND doc->>'kind' = 'Broadcast'
    UNION SELECT notice_id, channel_key FROM acknowledgements WHERE notice_id = ANY($ids)
    UNION SELECT notice_id, channel_key FROM channel_checks WHERE notice_id = ANY($ids)
), latest AS (
    SELECT DISTINCT ON (notice_id, channel_key) notice_id, channel_key, answer FROM acknowledgements
    WHERE notice_id = ANY($ids) ORDER BY notice_id, channel_key, at_ticks DESC, seq DESC
)
SELECT c.notice_id, count(*)::int AS channels, (count(*) FILTER (WHERE l.answer = 'Ready'))::int AS ready,
    (count(*) FILTER (WHERE l.answer = 'NotAffected'))::int AS not_affected, (count(*) FILTER (WHERE l.answer = 'NeedHelp'))::int AS need_help
FROM channels c LEFT JOIN latest l ON l.notice_id = c.notice_id AND l.channel_key = c.channel_key GROUP BY c.notice_id"
after="SELECT notice_id, channels, ready, not_affected, need_help FROM readiness_counts WHERE notice_id = ANY($ids)"

echo "== before: one GROUP BY over every row (3 runs)"
for _ in 1 2 3; do q -c "EXPLAIN (ANALYZE) $before" | grep -E 'Execution Time'; done
echo "== migration 0007 (triggers + back-fill)"
start=$(date +%s%N); q -1 -f "$migrations/0007_readiness_counters.sql"; q -c ANALYZE
echo "applied in $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "== after: counters (3 runs)"
for _ in 1 2 3; do q -c "EXPLAIN (ANALYZE) $after" | grep -E 'Execution Time'; done
echo "== same numbers both ways (rows that differ, expect 0)"
q -At -c "SELECT count(*) FROM ((($before) EXCEPT ($after)) UNION ALL (($after) EXCEPT ($before))) d"

echo "== writes: 10,000 broadcast deliveries in 10 statements, then 5,000 answers one statement each; triggers on, off"
writes() {
  local n=$1 t0 t1 t2
  t0=$(date +%s%N)
  for k in $(seq 0 9); do
    q -c "INSERT INTO deliveries (key, notice_id, status, created_ticks, doc)
      SELECT '$n|c' || c || '|Broadcast|1', '$n', 'Pending', c, jsonb_build_object('channelKey', 'slack:T1:C' || c, 'kind', 'Broadcast')
      FROM generate_series($((k * 1000 + 1)), $((k * 1000 + 1000))) c ON CONFLICT (key) DO NOTHING"
  done
  t1=$(date +%s%N)
  seq 1 5000 | awk -v n="$n" '{printf "INSERT INTO acknowledgements (notice_id, channel_key, user_id, answer, at_ticks, doc) VALUES (\x27%s\x27, \x27slack:T1:C%d\x27, \x27U1\x27, \x27Ready\x27, %d, \x27{}\x27) ON CONFLICT ON CONSTRAINT acknowledgements_once DO NOTHING;\n", n, $1, $1}' | q
  t2=$(date +%s%N)
  echo "$2: deliveries $(( (t1 - t0) / 1000000 )) ms, answers $(( (t2 - t1) / 1000000 )) ms"
}
writes w1 "triggers on "
q -c "ALTER TABLE deliveries DISABLE TRIGGER readiness_deliveries" -c "ALTER TABLE acknowledgements DISABLE TRIGGER readiness_acknowledgements"
writes w2 "triggers off"
