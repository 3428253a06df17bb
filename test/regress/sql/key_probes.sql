-- Key probes: a join's probe-side scan opened with the build side's keys (DuckDB's join
-- filters) is planned again by PostgreSQL with them as quals, and read through an index when
-- that is cheaper. Every answer is the full scan's: NULL and duplicate keys, int2/int4/int8
-- keys, the query's snapshot, scan helpers producing the other scans; the planner settings
-- that forbid index scans keep the full scan.
CREATE TABLE kp_fact AS
  SELECT i AS id, (i % 50000)::int4 AS k4, (i % 20000)::int2 AS k2, (i::int8 * 1000003) AS k8,
         (i % 997)::numeric(10,2) AS v
  FROM generate_series(1, 200000) i;
INSERT INTO kp_fact VALUES (0, NULL, NULL, NULL, 1);
CREATE INDEX kp_fact_k4 ON kp_fact (k4);
CREATE INDEX kp_fact_k2 ON kp_fact (k2);
CREATE INDEX kp_fact_k8 ON kp_fact (k8);
CREATE TABLE kp_dim (k4 int4, k2 int2, k8 int8, tag text);
-- duplicates, NULL keys, keys without a match, the smallest and largest values
INSERT INTO kp_dim VALUES (7, 7, 7000021, 'a'), (7, 7, 7000021, 'a'), (NULL, NULL, NULL, 'a'),
  (12345, 12345, 12345037035, 'a'), (49999, 19999, 199999600597, 'a'), (0, 0, 0, 'a'),
  (-1, -1, -1, 'a'), (2147483647, 32767, 9223372036854775807, 'a'), (-2147483648, -32768, -9223372036854775808, 'a'),
  (100, 100, 100000300, 'b');
ANALYZE kp_fact, kp_dim;
SET pg_fusion.enable = on;
SET pg_fusion.scan_helpers = 0;
SELECT * FROM regress_key_probes('SELECT count(*), sum(f.v) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''a''');
SELECT count(*), sum(f.v), sum(f.id) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = 'a';
SELECT regress_differs('SELECT f.id, f.k4, d.tag FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''a''');
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k2 = d.k2 WHERE d.tag = ''a''');
SELECT regress_differs('SELECT f.id, f.k2 FROM kp_fact f JOIN kp_dim d ON f.k2 = d.k2 WHERE d.tag = ''a''');
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k8 = d.k8');
SELECT regress_differs('SELECT f.id, f.k8, d.tag FROM kp_fact f JOIN kp_dim d ON f.k8 = d.k8');
-- a pushed filter of the probe side stays
SELECT regress_differs('SELECT f.id FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE f.v > 500');
-- one build-side key: an equality
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''b''');
SELECT regress_differs('SELECT f.id FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''b''');
-- an empty build side
SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = 'none';
-- PostgreSQL's own planner settings decide: without index and bitmap scans the scan stays full
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''a''');
SELECT count(*), sum(f.v), sum(f.id) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = 'a';
RESET enable_indexscan;
RESET enable_bitmapscan;
-- With scan helpers: the key probe is the backend's alone, the other scans are split.
RESET pg_fusion.scan_helpers;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''a''');
SELECT regress_differs('SELECT f.id, f.k4, d.tag FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''a''');
-- A long key list is split into sorted key ranges the backend and its helpers take one at a
-- time (parts): every row once, duplicate build keys included (each key in one part only).
CREATE TABLE kp_wide AS SELECT i AS id, (i % 1000)::int4 AS g, repeat('x', 200) AS pad FROM generate_series(1, 300000) i;
CREATE INDEX kp_wide_id ON kp_wide (id);
CREATE TABLE kp_some AS SELECT (i * 37)::int4 AS k4 FROM generate_series(1, 6000) i, generate_series(1, 2);
ANALYZE kp_wide, kp_some;
SET random_page_cost = 1.1;
SELECT * FROM regress_key_probes('SELECT count(*), sum(w.g) FROM kp_wide w JOIN kp_some s ON w.id = s.k4');
SELECT count(*), sum(w.g) FROM kp_wide w JOIN kp_some s ON w.id = s.k4;
SELECT regress_differs('SELECT w.id, w.g FROM kp_wide w JOIN kp_some s ON w.id = s.k4');
SELECT regress_differs('SELECT s.k4 FROM kp_some s WHERE EXISTS (SELECT 1 FROM kp_wide w WHERE w.id = s.k4 AND w.g < 500)');
-- a scan PostgreSQL reads through an index from the start (an index-only scan of the whole
-- table once it is all-visible) gets the query's helpers for a split probe of its own
VACUUM kp_wide;
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_some s WHERE s.k4 IN (SELECT w.id FROM kp_wide w)');
SELECT count(*) FROM kp_some s WHERE s.k4 IN (SELECT w.id FROM kp_wide w);
SELECT regress_differs('SELECT s.k4 FROM kp_some s WHERE s.k4 IN (SELECT w.id FROM kp_wide w WHERE w.id % 3 = 0)');
-- the parts' keys are a parameter after the statement's own ($1 here, in a generic plan too)
PREPARE kp_split(int) AS SELECT count(*), sum(w.g) FROM kp_wide w JOIN kp_some s ON w.id = s.k4 WHERE w.g < $1;
SELECT * FROM regress_key_probes('EXECUTE kp_split(500)');
EXECUTE kp_split(500);
SET plan_cache_mode = force_generic_plan;
SELECT * FROM regress_key_probes('EXECUTE kp_split(500)');
EXECUTE kp_split(500);
RESET plan_cache_mode;
SET pg_fusion.enable = off;
EXECUTE kp_split(500);
SET pg_fusion.enable = on;
DEALLOCATE kp_split;
RESET random_page_cost;
DROP TABLE kp_wide, kp_some;
-- The key probe reads the query's snapshot: rows another session commits later stay unseen.
SELECT dblink_connect('other', regress_connstr());
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*), sum(f.id) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = 'a';
SELECT dblink_exec('other', 'INSERT INTO kp_fact SELECT 300000 + i, 7, 7, 7000021, 1 FROM generate_series(1, 50) i');
SELECT dblink_exec('other', 'DELETE FROM kp_fact WHERE k4 = 12345');
SELECT count(*), sum(f.id) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = 'a';
COMMIT;
SELECT count(*), sum(f.id) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = 'a';
SELECT regress_differs('SELECT f.id, f.k4 FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.tag = ''a''');
SELECT dblink_disconnect('other');
-- EXISTS and NOT EXISTS whose small side is outside: DuckDB runs them as RIGHT_SEMI and
-- RIGHT_ANTI joins, whose probe scans get the small side's keys as well. The keys of a
-- correlated subquery (IS NOT DISTINCT FROM after decorrelation) count as equal keys once
-- DuckDB filtered their NULLs out; a user's IS NOT DISTINCT FROM keeps matching NULLs.
SET pg_fusion.scan_helpers = 0;
-- (a build side with a NULL key gives no key list, only its keys' range: hence the ranges)
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_dim d WHERE d.k4 BETWEEN 0 AND 49999 AND EXISTS (SELECT 1 FROM kp_fact f WHERE f.k4 = d.k4)');
SELECT regress_differs('SELECT d.* FROM kp_dim d WHERE EXISTS (SELECT 1 FROM kp_fact f WHERE f.k4 = d.k4)');
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_dim d WHERE d.k8 BETWEEN 0 AND 199999600597 AND NOT EXISTS (SELECT 1 FROM kp_fact f WHERE f.k8 = d.k8)');
SELECT regress_differs('SELECT d.* FROM kp_dim d WHERE NOT EXISTS (SELECT 1 FROM kp_fact f WHERE f.k8 = d.k8)');
SELECT count(*) FILTER (WHERE k4 IS NULL) AS null_keys, count(*)
FROM kp_dim d WHERE NOT EXISTS (SELECT 1 FROM kp_fact f WHERE f.k4 = d.k4);
SELECT regress_differs('SELECT d.* FROM kp_dim d WHERE d.k2 IN (SELECT f.k2 FROM kp_fact f)');
SELECT regress_differs('SELECT d.k4, (SELECT count(*) FROM kp_fact f WHERE f.k4 = d.k4) FROM kp_dim d');
SELECT regress_differs('SELECT d.k4, d.tag FROM kp_dim d WHERE d.k4 IS NULL OR EXISTS (SELECT 1 FROM kp_fact f WHERE f.k4 IS NOT DISTINCT FROM d.k4)');
SELECT regress_differs('SELECT d.tag, f.id FROM kp_dim d JOIN kp_fact f ON f.k4 IS NOT DISTINCT FROM d.k4');
-- A scan below an aggregate (a correlated scalar subquery, decorrelated) may start before the
-- join above the aggregate has its keys: it opens awaiting them, the backend holds it back
-- until they come, and reads it as a key probe. A build side that gives no keys (empty) lets
-- the scan start after a short deadline.
SELECT * FROM regress_key_probes('SELECT d.k4 FROM kp_dim d WHERE d.k4 BETWEEN 0 AND 49999 AND d.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = d.k4)');
-- EXPLAIN ANALYZE says which scan waited for its join's keys (for how long varies); a build
-- side that scans 200,000 rows is still running when the aggregate's scan opens
SELECT * FROM regress_key_probes('SELECT b.k4 FROM kp_fact b WHERE b.id % 40000 = 7 AND b.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = b.k4)');
SELECT regress_differs('SELECT b.id, b.k4 FROM kp_fact b WHERE b.id % 40000 = 7 AND b.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = b.k4)');
SELECT scan FROM regress_scan_property('SELECT b.k4 FROM kp_fact b WHERE b.id % 40000 = 7 AND b.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = b.k4)', 'Join Key Wait') WHERE value::float8 >= 0;
SELECT scan FROM regress_scan_property('SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4', 'Join Key Wait') WHERE value::float8 >= 0;
-- A build side slower than the hold's 200 ms (its scan's filter sleeps 0.5 s on one row, and
-- the backend reads that scan in one step) still hands its keys to the aggregate's scan: the
-- hold lasts while the backend works on the query's other scans (it ended at 200 ms, and
-- the aggregate's scan read kp_fact in full).
CREATE FUNCTION kp_slow_pick(id int) RETURNS boolean IMMUTABLE LANGUAGE plpgsql AS $$
BEGIN
  IF id = 40007 THEN
    PERFORM pg_sleep(0.5);
  END IF;
  RETURN true;
END $$;
SELECT * FROM regress_key_probes('SELECT b.k4 FROM kp_fact b WHERE b.id % 40000 = 7 AND kp_slow_pick(b.id) AND b.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = b.k4)');
SELECT regress_differs('SELECT b.id, b.k4 FROM kp_fact b WHERE b.id % 40000 = 7 AND kp_slow_pick(b.id) AND b.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = b.k4)');
-- The aggregate's scan also has a join of its own directly above it (f with h), whose small
-- build hands its keys (numeric, never a probe) early: the scan still awaits the outer keys
-- through the aggregate. It was opened with the early keys only when they were there first
-- (TPC-H Q2's partsupp: read in full in 5 of 6 runs, 0.18 s instead of 0.06 s).
CREATE TABLE kp_half_v AS SELECT DISTINCT v FROM kp_fact WHERE v < 500;
ANALYZE kp_half_v;
SELECT scan, probe FROM regress_key_probes('SELECT b.k4 FROM kp_fact b WHERE b.id % 40000 = 7 AND kp_slow_pick(b.id) AND b.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f JOIN kp_half_v h ON h.v = f.v WHERE f.k4 = b.k4)');
SELECT regress_differs('SELECT b.id, b.k4 FROM kp_fact b WHERE b.id % 40000 = 7 AND kp_slow_pick(b.id) AND b.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f JOIN kp_half_v h ON h.v = f.v WHERE f.k4 = b.k4)');
DROP TABLE kp_half_v;
DROP FUNCTION kp_slow_pick(int);
SELECT d.k4, d.tag FROM kp_dim d WHERE d.k4 BETWEEN 0 AND 49999 AND d.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = d.k4) ORDER BY 1, 2;
SELECT regress_differs('SELECT d.k4, d.tag FROM kp_dim d WHERE d.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = d.k4)');
SELECT count(*) FROM kp_dim d WHERE d.tag = 'none' AND d.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = d.k4);
RESET pg_fusion.scan_helpers;
SELECT regress_differs('SELECT d.k4, d.tag FROM kp_dim d WHERE d.k4 BETWEEN 0 AND 49999 AND d.k2 > (SELECT 0.001 * sum(f.v) FROM kp_fact f WHERE f.k4 = d.k4)');
SET pg_fusion.scan_helpers = 0;
-- A key list longer than one message (pg_fusion.join_key_list_limit above 16,000 four-byte
-- keys) travels in parts; the full scan's producers apply it as well.
CREATE TABLE kp_many AS SELECT (i * 3)::int4 AS k4 FROM generate_series(1, 17000) i;
ANALYZE kp_many;
SET pg_fusion.join_key_list_limit = 50000;
SELECT count(*), sum(f.id) FROM kp_fact f JOIN kp_many m ON f.k4 = m.k4;
SELECT regress_differs('SELECT f.id, f.k4 FROM kp_fact f JOIN kp_many m ON f.k4 = m.k4');
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT regress_filtered('SELECT count(*) FROM kp_fact f JOIN kp_many m ON f.k4 = m.k4');
SELECT regress_differs('SELECT f.id, f.k4 FROM kp_fact f JOIN kp_many m ON f.k4 = m.k4');
-- scan helpers get the list too (through a segment of its own: it is longer than their filter
-- area), so every producer drops the same rows
RESET pg_fusion.scan_helpers;
SELECT regress_filtered('SELECT count(*) FROM kp_fact f JOIN kp_many m ON f.k4 = m.k4');
SELECT regress_differs('SELECT f.id, f.k4 FROM kp_fact f JOIN kp_many m ON f.k4 = m.k4');
RESET enable_indexscan;
RESET enable_bitmapscan;
-- A key list longer than the backend reassembles (16 MB: 140,000 keys of 129 bytes under a
-- raised limit) is left to the engine: the scan opens with the keys' range only, and the query
-- finishes (it waited for a scan that never opened before)
SET pg_fusion.join_key_list_limit = 1000000;
SET statement_timeout = '60s';
CREATE TABLE kp_long AS SELECT repeat('k', 124) || i AS k FROM generate_series(100000, 240000) i;
CREATE TABLE kp_long_probe AS SELECT (i % 100000)::text AS k FROM generate_series(1, 300000) i;
ANALYZE kp_long, kp_long_probe;
SELECT count(*) FROM kp_long_probe p JOIN kp_long l ON l.k = p.k;
SELECT regress_filtered('SELECT count(*) FROM kp_long_probe p JOIN kp_long l ON l.k = p.k');
DROP TABLE kp_long, kp_long_probe;
RESET statement_timeout;
RESET pg_fusion.join_key_list_limit;
-- No key lists at all: the probe scan gets the keys' range
SET pg_fusion.scan_helpers = 0;
SET pg_fusion.join_key_list_limit = 0;
SELECT * FROM regress_key_probes('SELECT count(*) FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.k4 BETWEEN 7 AND 100');
SELECT regress_differs('SELECT f.id FROM kp_fact f JOIN kp_dim d ON f.k4 = d.k4 WHERE d.k4 BETWEEN 7 AND 100');
RESET pg_fusion.join_key_list_limit;
RESET pg_fusion.scan_helpers;
SELECT regress_pages_settled();
DROP TABLE kp_fact, kp_dim, kp_many;
