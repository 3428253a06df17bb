-- EXPLAIN shows the PgFusion node, every PostgreSQL scan with its pushed filters, and
-- (VERBOSE) the engine SQL.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE TABLE ex_orders (id int PRIMARY KEY, cust int, total numeric(12,2), status char(1));
CREATE TABLE ex_cust (cust int PRIMARY KEY, name text);
SET pg_fusion.enable = on;
EXPLAIN (COSTS OFF) SELECT count(*) FROM ex_orders WHERE id > 0;
EXPLAIN (COSTS OFF, VERBOSE)
SELECT c.name, sum(o.total) FROM ex_orders o JOIN ex_cust c ON o.cust = c.cust
WHERE o.status = 'F' AND c.name LIKE 'A%' GROUP BY c.name ORDER BY 2 DESC LIMIT 10;
-- a string literal cannot break out of the engine SQL
EXPLAIN (COSTS OFF, VERBOSE)
SELECT o.id, COALESCE(c.name, 'it''s''); DROP TABLE ex_cust; --') FROM ex_orders o JOIN ex_cust c ON o.cust = c.cust;
-- ORDER BY an output PostgreSQL computes: PostgreSQL sorts and limits above the engine
EXPLAIN (COSTS OFF)
SELECT c.name, round(avg(o.total), 1) AS a FROM ex_orders o JOIN ex_cust c ON o.cust = c.cust
GROUP BY c.name ORDER BY a DESC, c.name LIMIT 3;
SELECT c.name, round(avg(o.total), 1) AS a FROM ex_orders o JOIN ex_cust c ON o.cust = c.cust
GROUP BY c.name ORDER BY a DESC, c.name LIMIT 3;
-- EXPLAIN ANALYZE: the engine's time, its waits for scan pages and DuckDB's operators with
-- their rows; the same as FORMAT JSON properties (times vary: only their presence is shown).
CREATE FUNCTION ex_engine(query text, OUT has_times bool, OUT operators text) LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
  has_times := (plan -> 0 -> 'Plan' ->> 'Engine Time')::float8 >= 0
           AND (plan -> 0 -> 'Plan' ->> 'Engine Scan Wait Time')::float8 >= 0;
  operators := regexp_replace(plan -> 0 -> 'Plan' ->> 'Engine Operators', ' time=[0-9.]+ ms', '', 'g');
END $$;
INSERT INTO ex_orders SELECT i, i % 5, i, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'O' END FROM generate_series(1, 5000) i;
SELECT * FROM ex_engine('SELECT o.status, count(*) FROM ex_orders o GROUP BY o.status');
-- a CTE read twice is one engine CTE over one scan (the engine SQL names it "w..."); NOT
-- MATERIALIZED reads it twice, as two occurrences of ex_orders (which share one scan, see
-- shared_scans)
EXPLAIN (COSTS OFF, VERBOSE)
WITH t AS (SELECT cust, sum(total) AS s FROM ex_orders GROUP BY cust)
SELECT c.name, t.s FROM ex_cust c JOIN t ON t.cust = c.cust WHERE t.s = (SELECT max(s) FROM t);
EXPLAIN (COSTS OFF)
WITH t AS NOT MATERIALIZED (SELECT cust, sum(total) AS s FROM ex_orders GROUP BY cust)
SELECT c.name, t.s FROM ex_cust c JOIN t ON t.cust = c.cust WHERE t.s = (SELECT max(s) FROM t);
DROP FUNCTION ex_engine(text);
DROP TABLE ex_orders, ex_cust;
