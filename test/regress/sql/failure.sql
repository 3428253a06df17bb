-- A backend that dies mid-query leaks no pages; a worker that dies fails the queries in
-- flight with a clear error, and the next queries succeed once it is back.
CREATE TABLE fail_t AS SELECT i AS id FROM generate_series(1, 100000) i;
ANALYZE fail_t;
-- 1. the backend running an engine query is terminated
SELECT dblink_connect('victim', regress_connstr());
SELECT dblink_exec('victim', 'SET pg_fusion.enable = on');
SELECT dblink_send_query('victim', 'SELECT count(*) FROM fail_t a, fail_t b WHERE a.id + b.id < 0');
SELECT pg_terminate_backend(regress_wait_for_query('SELECT count(*) FROM fail_t a, fail_t b'));
SELECT dblink_disconnect('victim');
SELECT regress_pages_settled();
-- 2. the engine worker is stopped while a query runs
SELECT generation AS before_generation FROM fusion.worker_status() \gset
SELECT dblink_connect('client', regress_connstr());
SELECT dblink_exec('client', 'SET pg_fusion.enable = on');
SELECT dblink_send_query('client', 'SELECT count(*) FROM fail_t a, fail_t b WHERE a.id + b.id < 0');
SELECT regress_wait_for_query('SELECT count(*) FROM fail_t a, fail_t b') IS NOT NULL AS running;
SELECT fusion.restart_worker();
SELECT * FROM dblink_get_result('client') AS r(n bigint);
SELECT * FROM dblink_get_result('client') AS r(n bigint);
SELECT regress_worker_ready(:before_generation);
-- the same connection works again
SELECT * FROM dblink('client', 'SELECT count(*) FROM fail_t WHERE id > 50000') AS r(n bigint);
SELECT dblink_disconnect('client');
SELECT regress_pages_settled();
SET pg_fusion.enable = on;
SELECT count(*) FROM fail_t;
RESET pg_fusion.enable;
DROP TABLE fail_t;
