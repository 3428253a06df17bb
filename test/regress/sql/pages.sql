-- Pages return to the pool after every query, success or error.
CREATE TABLE pages_t AS SELECT i AS id, (i % 7)::int AS g, repeat('x', i % 50) AS s FROM generate_series(1, 200000) i;
ANALYZE pages_t;
SET pg_fusion.enable = on;
SELECT g, count(*), sum(id), max(s) FROM pages_t GROUP BY g ORDER BY g;
SELECT regress_pages_settled();
-- error mid-query
SELECT id / (g - g) FROM pages_t ORDER BY id LIMIT 1;
SELECT regress_pages_settled();
-- early end: LIMIT stops the scans before they finish
SELECT id FROM pages_t ORDER BY id LIMIT 3;
SELECT regress_pages_settled();
-- a cursor closed half way
BEGIN;
DECLARE c CURSOR FOR SELECT id FROM pages_t ORDER BY id;
FETCH 2 FROM c;
CLOSE c;
COMMIT;
SELECT regress_pages_settled();
-- a cursor declared without SCROLL or NO SCROLL fetches backward, as over PostgreSQL's own scan
BEGIN;
DECLARE c CURSOR FOR SELECT id FROM pages_t WHERE id <= 3 ORDER BY id;
FETCH ALL FROM c;
FETCH BACKWARD 1 FROM c;
CLOSE c;
DECLARE n NO SCROLL CURSOR FOR SELECT id FROM pages_t WHERE id <= 3 ORDER BY id;
FETCH ALL FROM n;
FETCH BACKWARD 1 FROM n;
COMMIT;
SELECT regress_pages_settled();
-- flow control with the smallest quota: DuckDB keeps taken chunks alive while it asks for the
-- next page, so credit must return when a page is taken, not when it is freed (this hung)
SET pg_fusion.scan_pages_in_flight = 1;
SET statement_timeout = '60s';
SELECT count(*), sum(id) FROM pages_t WHERE id > 0;
SELECT g, count(*) FROM pages_t GROUP BY g ORDER BY g;
RESET statement_timeout;
RESET pg_fusion.scan_pages_in_flight;
SELECT regress_pages_settled();
-- Early ends while the engine's other threads still run the query's tasks (a loop that stops
-- at its first row, an error from one thread): the worker survives every round. It once freed
-- the query's executor under running tasks and crashed (intermittently: a race).
SELECT value AS worker_starts FROM fusion.metrics() WHERE name = 'worker_starts' \gset
DO $$
DECLARE
  r record;
BEGIN
  FOR round IN 1 .. 30 LOOP
    FOR r IN SELECT id, s FROM pages_t ORDER BY s, id LOOP
      EXIT;
    END LOOP;
    FOR r IN SELECT a.id FROM pages_t a JOIN pages_t b ON a.id = b.id LOOP
      EXIT;
    END LOOP;
    BEGIN
      PERFORM id / (g - g) FROM pages_t ORDER BY s LIMIT 1;
    EXCEPTION WHEN division_by_zero THEN
      NULL;
    END;
  END LOOP;
END $$;
SELECT value = :worker_starts AS worker_survived FROM fusion.metrics() WHERE name = 'worker_starts';
SELECT regress_pages_settled();
-- A PL/pgSQL FOR loop reads its query through a cursor, 10 rows and then 50 per fetch, and
-- PostgreSQL shuts the plan down after each fetch: the engine query must survive that (it
-- was ended there, and the next fetch failed with "Interrupted!").
DO $$
DECLARE
  r record;
  n int := 0;
  total bigint := 0;
BEGIN
  FOR r IN SELECT id FROM pages_t ORDER BY id LOOP
    n := n + 1;
    total := total + r.id;
    EXIT WHEN n = 100;
  END LOOP;
  RAISE NOTICE 'rows %, sum %', n, total;
END $$;
SELECT regress_pages_settled();
-- the session stays usable
SELECT count(*) FROM pages_t;
RESET pg_fusion.enable;
SELECT regress_pages_settled();
SELECT name FROM fusion.metrics() ORDER BY name;
DROP TABLE pages_t;
