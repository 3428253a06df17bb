-- statement_timeout and pg_cancel_backend stop the engine query promptly and free its pages.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE TABLE cancel_t AS SELECT i AS id FROM generate_series(1, 100000) i;
ANALYZE cancel_t;
CREATE FUNCTION cancel_pages_settled() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..500 LOOP
    IF (SELECT free_pages = page_count AND reserved_pages = 0 FROM fusion.pages()) THEN
      RETURN true;
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN false;
END $$;
SET pg_fusion.enable = on;
-- 10^10 row pairs: runs far longer than the timeout.
SET statement_timeout = '300ms';
SELECT count(*) FROM cancel_t a, cancel_t b WHERE a.id + b.id < 0;
RESET statement_timeout;
SELECT cancel_pages_settled();
SELECT count(*) FROM cancel_t;
-- pg_cancel_backend from another session
SELECT dblink_connect('other', 'dbname=' || current_database() || ' port=' || current_setting('port') || ' host=' || current_setting('unix_socket_directories'));
SELECT dblink_exec('other', 'SET pg_fusion.enable = on');
SELECT dblink_send_query('other', 'SELECT count(*) FROM cancel_t a, cancel_t b WHERE a.id + b.id < 0');
SELECT pg_sleep(0.3);
SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT count(*) FROM cancel_t a, cancel_t b%' AND pid <> pg_backend_pid();
SELECT * FROM dblink_get_result('other') AS r(n bigint);
SELECT * FROM dblink('other', 'SELECT count(*) FROM cancel_t') AS r(n bigint);
SELECT dblink_disconnect('other');
SELECT cancel_pages_settled();
DROP FUNCTION cancel_pages_settled();
DROP TABLE cancel_t;
