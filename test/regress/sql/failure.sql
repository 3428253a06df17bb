-- A backend that dies mid-query leaks no pages; a worker that dies fails the queries in
-- flight with a clear error, and the next queries succeed once it is back.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE TABLE fail_t AS SELECT i AS id FROM generate_series(1, 100000) i;
ANALYZE fail_t;
CREATE FUNCTION fail_pages_settled() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..1000 LOOP
    IF (SELECT free_pages = page_count AND reserved_pages = 0 FROM fusion.pages()) THEN
      RETURN true;
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN false;
END $$;
-- Waits until a session runs the long query, then returns its pid.
CREATE FUNCTION fail_wait_for_long_query() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  p int;
BEGIN
  FOR i IN 1..1000 LOOP
    SELECT pid INTO p FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()
      AND query LIKE 'SELECT count(*) FROM fail_t a, fail_t b%';
    IF p IS NOT NULL THEN
      PERFORM pg_sleep(0.2);
      RETURN p;
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN NULL;
END $$;
CREATE FUNCTION fail_worker_ready(previous bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..3000 LOOP
    IF (SELECT state = 'ready' AND generation > previous FROM fusion.worker_status()) THEN
      RETURN true;
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN false;
END $$;
SELECT dblink_connect('victim', 'dbname=' || current_database() || ' port=' || current_setting('port') || ' host=' || current_setting('unix_socket_directories'));
SELECT dblink_exec('victim', 'SET pg_fusion.enable = on');
-- 1. the backend running an engine query is terminated
SELECT dblink_send_query('victim', 'SELECT count(*) FROM fail_t a, fail_t b WHERE a.id + b.id < 0');
SELECT pg_terminate_backend(fail_wait_for_long_query());
SELECT dblink_disconnect('victim');
SELECT fail_pages_settled();
-- 2. the engine worker is terminated while a query runs
SELECT generation AS before_generation FROM fusion.worker_status() \gset
SELECT dblink_connect('client', 'dbname=' || current_database() || ' port=' || current_setting('port') || ' host=' || current_setting('unix_socket_directories'));
SELECT dblink_exec('client', 'SET pg_fusion.enable = on');
SELECT dblink_send_query('client', 'SELECT count(*) FROM fail_t a, fail_t b WHERE a.id + b.id < 0');
SELECT fail_wait_for_long_query() IS NOT NULL AS running;
SELECT fusion.restart_worker();
SELECT * FROM dblink_get_result('client') AS r(n bigint);
SELECT * FROM dblink_get_result('client') AS r(n bigint);
SELECT fail_worker_ready(:before_generation);
-- the same connection works again
SELECT * FROM dblink('client', 'SELECT count(*) FROM fail_t WHERE id > 50000') AS r(n bigint);
SELECT dblink_disconnect('client');
SELECT fail_pages_settled();
SET pg_fusion.enable = on;
SELECT count(*) FROM fail_t;
RESET pg_fusion.enable;
DROP FUNCTION fail_pages_settled();
DROP FUNCTION fail_wait_for_long_query();
DROP FUNCTION fail_worker_ready(bigint);
DROP TABLE fail_t;
