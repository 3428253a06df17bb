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
-- wait until the other session's query is running, then cancel it
CREATE FUNCTION cancel_other() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..500 LOOP
    IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()
               AND query LIKE 'SELECT count(*) FROM cancel_t a, cancel_t b%') THEN
      PERFORM pg_sleep(0.2);
      RETURN (SELECT bool_and(pg_cancel_backend(pid)) FROM pg_stat_activity
              WHERE pid <> pg_backend_pid() AND query LIKE 'SELECT count(*) FROM cancel_t a, cancel_t b%');
    END IF;
    PERFORM pg_sleep(0.01);
  END LOOP;
  RETURN false;
END $$;
SELECT cancel_other();
SELECT * FROM dblink_get_result('other') AS r(n bigint);
-- consume the end of the cancelled result
SELECT * FROM dblink_get_result('other') AS r(n bigint);
SELECT * FROM dblink('other', 'SELECT count(*) FROM cancel_t') AS r(n bigint);
SELECT dblink_disconnect('other');
SELECT cancel_pages_settled();
DROP FUNCTION cancel_pages_settled();
DROP FUNCTION cancel_other();
DROP TABLE cancel_t;
