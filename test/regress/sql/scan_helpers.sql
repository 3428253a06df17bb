-- Scan helpers: parallel workers producing a query's scans with the backend over one parallel
-- heap scan. Every answer must be the single-producer one: the same snapshot, no row lost or
-- doubled where blocks change hands, tables of 0, 1 and many pages, TOASTed values; errors,
-- cancels and a terminated helper fail the query and leave every page free; a query whose
-- helpers cannot start runs without them.
CREATE TABLE helper_t AS
  SELECT i AS id, i % 7 AS g, repeat(md5(i::text), 3) AS s FROM generate_series(1, 200000) i;
CREATE TABLE helper_empty (id int, s text);
CREATE TABLE helper_one AS SELECT i AS id, 'x' || i AS s FROM generate_series(1, 10) i;
CREATE TABLE helper_toast AS
  SELECT i AS id, repeat(md5(i::text), 1000 + i) AS doc FROM generate_series(1, 300) i;
ANALYZE helper_t, helper_empty, helper_one, helper_toast;
SELECT pg_relation_size('helper_empty') = 0 AS empty, pg_relation_size('helper_one') = 8192 AS one_page,
       pg_relation_size('helper_t') > 100 * 8192 AS many_pages,
       (SELECT count(*) FROM helper_toast WHERE pg_column_size(doc) < length(doc)) = 300 AS toasted;
-- Split every table, however small, over two helpers and the backend.
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- The EXPLAIN ANALYZE counters of a query as a row: helpers launched, and per scan the rows.
CREATE FUNCTION helper_counters(query text, OUT helpers int, OUT rows bigint) LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
  helpers := (plan -> 0 -> 'Plan' ->> 'Scan Helpers')::int;
  rows := (plan -> 0 -> 'Plan' ->> 'Scan 0 Rows')::bigint;
END $$;
SET pg_fusion.enable = on;
SELECT * FROM helper_counters('SELECT count(*) FROM helper_t');
SELECT * FROM helper_counters('SELECT count(*) FROM helper_empty');
SELECT * FROM helper_counters('SELECT count(*) FROM helper_one');
-- Each row exactly once: count, distinct ids, their sum, and the row set against PostgreSQL's.
SELECT count(*), count(DISTINCT id), sum(id), min(id), max(id), sum(length(s)) FROM helper_t;
SELECT count(*), sum(id) FROM helper_t WHERE g = 3;
SELECT count(*), sum(id), string_agg(s, ',' ORDER BY id) FROM helper_one;
SELECT count(*), sum(id) FROM helper_empty;
SELECT count(*), sum(length(doc)), sum(id) FROM helper_toast;
SELECT id, length(doc), md5(doc) FROM helper_toast WHERE id % 50 = 0 ORDER BY id;
SELECT g, count(*), sum(id) FROM helper_t GROUP BY g ORDER BY g;
SELECT a.g, count(*) FROM helper_t a JOIN helper_one b ON a.id = b.id GROUP BY a.g ORDER BY a.g;
-- The join's build side (10 rows) becomes a filter on helper_t's scan: every producer drops
-- the rows outside it before encoding them.
CREATE FUNCTION helper_filtered(query text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
  RETURN (plan -> 0 -> 'Plan' ->> 'Scan 0 Rows Filtered')::bigint;
END $$;
SELECT helper_filtered('SELECT count(*) FROM helper_t a JOIN helper_one b ON a.id = b.id');
SELECT count(*), sum(a.g) FROM helper_t a JOIN helper_one b ON a.id = b.id;
CREATE TEMP TABLE fusion_ids AS SELECT id FROM helper_t;
SET pg_fusion.enable = off;
SELECT (SELECT count(*) FROM fusion_ids) AS fusion_rows,
       (SELECT count(*) FROM (SELECT id FROM fusion_ids EXCEPT ALL SELECT id FROM helper_t) d) AS extra,
       (SELECT count(*) FROM (SELECT id FROM helper_t EXCEPT ALL SELECT id FROM fusion_ids) d) AS missing;
SET pg_fusion.enable = on;
-- The helpers read the backend's snapshot: changes another session commits after it was taken
-- stay invisible, in every producer.
SELECT dblink_connect('other', regress_connstr());
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*), sum(id), sum(g) FROM helper_t;
SELECT dblink_exec('other', 'DELETE FROM helper_t WHERE id % 3 = 0');
SELECT dblink_exec('other', 'UPDATE helper_t SET g = g + 100 WHERE id % 5 = 0');
SELECT dblink_exec('other', 'INSERT INTO helper_t SELECT i, 999, ''new'' FROM generate_series(200001, 260000) i');
SELECT helpers, rows FROM helper_counters('SELECT count(*) FROM helper_t');
SELECT count(*), sum(id), sum(g) FROM helper_t;
COMMIT;
-- A new snapshot sees them.
SELECT count(*), sum(id), sum(g) FROM helper_t;
SET pg_fusion.enable = off;
SELECT count(*), sum(id), sum(g) FROM helper_t;
SET pg_fusion.enable = on;
-- No helper can start: the backend produces alone.
SET max_parallel_workers = 0;
SELECT * FROM helper_counters('SELECT count(*) FROM helper_t');
SELECT count(*), sum(id) FROM helper_t;
RESET max_parallel_workers;
-- pg_fusion.scan_helpers = 0 plans no helpers.
SET pg_fusion.scan_helpers = 0;
SELECT * FROM helper_counters('SELECT count(*) FROM helper_t');
RESET pg_fusion.scan_helpers;
-- A parallel-unsafe function in a pushed condition keeps the scan in the backend.
CREATE FUNCTION helper_unsafe(int) RETURNS bool LANGUAGE sql STABLE PARALLEL UNSAFE AS 'SELECT $1 > 100';
SELECT * FROM helper_counters('SELECT count(*) FROM helper_t WHERE helper_unsafe(id)');
-- An error in any producer fails the query; every page comes back and the next query works.
-- (Which producer raises it first varies, and a helper's error says so in its CONTEXT.)
\set SHOW_CONTEXT never
SELECT count(*) FROM helper_t WHERE 1 / (id - id) = 1;
SELECT regress_pages_settled();
SELECT count(*) FROM helper_t;
-- A timeout while the helpers run.
CREATE TABLE helper_pairs AS SELECT i AS id FROM generate_series(1, 100000) i;
ANALYZE helper_pairs;
SET statement_timeout = '300ms';
SELECT count(*) FROM helper_pairs a, helper_pairs b WHERE a.id + b.id < 0;
RESET statement_timeout;
SELECT regress_pages_settled();
-- A helper terminated while its query runs fails that query with its message.
SELECT dblink_exec('other', 'SET pg_fusion.enable = on');
SELECT dblink_exec('other', 'SET min_parallel_table_scan_size = 0');
SELECT dblink_send_query('other', 'SELECT count(*) FROM helper_pairs a, helper_pairs b WHERE a.id + b.id < 0');
SELECT regress_wait_for_query('SELECT count(*) FROM helper_pairs a') AS leader \gset
-- (one helper: the query's failure makes its transaction stop the others)
SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
  WHERE leader_pid = :leader AND backend_type = 'parallel worker' ORDER BY pid LIMIT 1;
SELECT * FROM dblink_get_result('other') AS r(n bigint);
SELECT * FROM dblink_get_result('other') AS r(n bigint);
SELECT * FROM dblink('other', 'SELECT count(*) FROM helper_pairs') AS r(n bigint);
SELECT dblink_disconnect('other');
SELECT regress_pages_settled();
\set SHOW_CONTEXT errors
DROP TABLE helper_t, helper_empty, helper_one, helper_toast, helper_pairs;
DROP FUNCTION helper_counters(text), helper_filtered(text), helper_unsafe(int);
