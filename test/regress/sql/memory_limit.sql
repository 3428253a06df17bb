-- pg_fusion.engine_memory_limit: reloadable; a hash join bigger than the limit spill to
-- the temp directory and complete; an engine out of memory fails its query with SQLSTATE 53200
-- and a message in pg_fusion's terms, and the next query works; engine_query_memory keeps
-- concurrent queries from failing each other.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE FUNCTION ml_wait_limit(want text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  got text;
BEGIN
  FOR i IN 1..400 LOOP
    got := fusion.engine_eval('SELECT current_setting(''memory_limit'')');
    EXIT WHEN got = want;
    PERFORM pg_sleep(0.05);
  END LOOP;
  RETURN got;
END $$;
CREATE FUNCTION ml_error(query text, OUT code text, OUT message text) LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE query;
  code := 'no error';
EXCEPTION WHEN OTHERS THEN
  code := SQLSTATE;
  message := regexp_replace(SQLERRM, '\(.*\) under', '(...) under');
END $$;
SELECT fusion.engine_eval('SELECT current_setting(''memory_limit'')') AS original_limit \gset
-- 1,000,000 rows of 32-character strings: about 60 MB as a hash join's build side
CREATE TABLE ml_rows AS SELECT i AS id, md5(i::text) AS s FROM generate_series(1, 1000000) i;
ANALYZE ml_rows;
ALTER SYSTEM SET pg_fusion.engine_memory_limit = '32MB';
SELECT pg_reload_conf();
SELECT ml_wait_limit('30.5 MiB');
SET pg_fusion.enable = on;
SELECT count(*), max(a.s || b.s), sum(a.id - b.id) FROM ml_rows a JOIN ml_rows b ON a.s = b.s;
-- an aggregation whose hash tables do not fit: the engine's error, not DuckDB's advice
SELECT * FROM ml_error('SELECT count(*) FROM (SELECT s, count(*), max(id) FROM ml_rows GROUP BY s) x');
SELECT count(*) FROM ml_rows WHERE id <= 10;
SELECT free_pages = page_count AS all_pages_free FROM fusion.pages();
SET pg_fusion.enable = off;
SELECT count(*), max(a.s || b.s), sum(a.id - b.id) FROM ml_rows a JOIN ml_rows b ON a.s = b.s;
-- Three such joins at once under a limit that holds one: with pg_fusion.engine_query_memory
-- at the limit they run one after another (the others wait in the worker's queue) and all
-- complete; with no bound they ran together and two failed out of memory.
ALTER SYSTEM SET pg_fusion.engine_query_memory = '32MB';
SELECT pg_reload_conf();
SELECT pg_sleep(0.5);
SELECT dblink_connect('ml' || i, regress_connstr()) FROM generate_series(1, 3) i;
SELECT dblink_exec('ml' || i, 'SET pg_fusion.enable = on') FROM generate_series(1, 3) i;
SELECT dblink_send_query('ml' || i, 'SELECT count(*), sum(a.id - b.id) FROM ml_rows a JOIN ml_rows b ON a.s = b.s')
FROM generate_series(1, 3) i;
SELECT i, r.* FROM generate_series(1, 3) i, dblink_get_result('ml' || i) AS r(count bigint, difference numeric);
SELECT dblink_disconnect('ml' || i) FROM generate_series(1, 3) i;
ALTER SYSTEM RESET pg_fusion.engine_query_memory;
SELECT pg_reload_conf();
-- a value the engine rejects leaves the limit as it was (the server log has a warning)
ALTER SYSTEM SET pg_fusion.engine_memory_limit = 'lots';
SELECT pg_reload_conf();
SELECT pg_sleep(0.3);
SELECT fusion.engine_eval('SELECT current_setting(''memory_limit'')') AS limit_in_force;
ALTER SYSTEM RESET pg_fusion.engine_memory_limit;
SELECT pg_reload_conf();
SELECT ml_wait_limit(:'original_limit') = :'original_limit' AS original_limit_back;
DROP TABLE ml_rows;
DROP FUNCTION ml_wait_limit;
DROP FUNCTION ml_error;
