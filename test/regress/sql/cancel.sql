-- statement_timeout and pg_cancel_backend stop the engine query promptly and free its pages.
CREATE TABLE cancel_t AS SELECT i AS id FROM generate_series(1, 100000) i;
ANALYZE cancel_t;
SET pg_fusion.enable = on;
-- 10^10 row pairs: runs far longer than the timeout.
SET statement_timeout = '300ms';
SELECT count(*) FROM cancel_t a, cancel_t b WHERE a.id + b.id < 0;
RESET statement_timeout;
SELECT regress_pages_settled();
SELECT count(*) FROM cancel_t;
-- pg_cancel_backend from another session
SELECT dblink_connect('other', regress_connstr());
SELECT dblink_exec('other', 'SET pg_fusion.enable = on');
SELECT dblink_send_query('other', 'SELECT count(*) FROM cancel_t a, cancel_t b WHERE a.id + b.id < 0');
SELECT pg_cancel_backend(regress_wait_for_query('SELECT count(*) FROM cancel_t a, cancel_t b'));
SELECT * FROM dblink_get_result('other') AS r(n bigint);
-- consume the end of the cancelled result
SELECT * FROM dblink_get_result('other') AS r(n bigint);
SELECT * FROM dblink('other', 'SELECT count(*) FROM cancel_t') AS r(n bigint);
SELECT dblink_disconnect('other');
SELECT regress_pages_settled();
DROP TABLE cancel_t;
