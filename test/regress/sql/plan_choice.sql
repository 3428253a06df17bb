-- pg_fusion.enable = auto: the cheaper plan by estimate, EXPLAIN saying which and why.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE TABLE pc_sales (id int PRIMARY KEY, region int, amount numeric(12,2), note text);
INSERT INTO pc_sales SELECT i, i % 7, (i % 1000) / 10.0, CASE WHEN i % 3 = 0 THEN 'x' END
FROM generate_series(1, 20000) i;
ANALYZE pc_sales;
CREATE FUNCTION pc_choice(query text, OUT choice text, OUT refusal text, OUT estimated bool,
                          OUT groups int, OUT plan_node text) LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
  groups := json_array_length(plan);
  choice := plan -> 0 ->> 'pg_fusion Plan Choice';
  refusal := plan -> 0 ->> 'pg_fusion Refusal';
  estimated := (plan -> 0 ->> 'PostgreSQL Cost')::float8 > 0 AND (plan -> 0 ->> 'pg_fusion Cost')::float8 > 0
           AND (plan -> 0 ->> 'pg_fusion Scan Cost')::float8 > 0
           AND (plan -> 0 ->> 'pg_fusion Engine Rows')::float8 > 0;
  plan_node := plan -> groups - 1 -> 'Plan' ->> 'Node Type';
END $$;

SHOW pg_fusion.enable;
SET pg_fusion.enable = auto;
-- a primary-key lookup: PostgreSQL's index scan costs less than any scan pg_fusion reads
EXPLAIN (COSTS OFF) SELECT amount FROM pc_sales WHERE id = 42;
SELECT amount FROM pc_sales WHERE id = 42;
-- with the engine's costs set to nothing, the aggregation is cheaper on pg_fusion
SET pg_fusion.engine_startup_cost = 0;
SET pg_fusion.scan_value_cost = 0;
SET pg_fusion.engine_row_cost = 0;
EXPLAIN (COSTS OFF) SELECT region, sum(amount), count(note) FROM pc_sales GROUP BY region ORDER BY region;
SELECT region, sum(amount), count(note) FROM pc_sales GROUP BY region ORDER BY region;
-- the same query with a start-up too dear for any query goes to PostgreSQL
SET pg_fusion.engine_startup_cost = 1e9;
EXPLAIN (COSTS OFF) SELECT region, sum(amount), count(note) FROM pc_sales GROUP BY region ORDER BY region;
SELECT region, sum(amount), count(note) FROM pc_sales GROUP BY region ORDER BY region;
-- a wrapper around the query (pg_fusion plans the inner query): PostgreSQL's plan is of the whole
SELECT * FROM (SELECT region, sum(amount) AS total FROM pc_sales GROUP BY region) t ORDER BY region LIMIT 2;
SELECT plan_node FROM pc_choice('SELECT * FROM (SELECT region, sum(amount) AS total FROM pc_sales GROUP BY region) t');
-- FORMAT JSON: a group of its own before the query's, with both estimates
SELECT * FROM pc_choice('SELECT region, sum(amount) FROM pc_sales GROUP BY region');
SET pg_fusion.engine_startup_cost = 0;
SELECT * FROM pc_choice('SELECT region, sum(amount) FROM pc_sales GROUP BY region');
RESET pg_fusion.engine_startup_cost;
RESET pg_fusion.scan_value_cost;
RESET pg_fusion.engine_row_cost;
-- A join that may hand a big scan a small side's keys is costed as a key probe of its index
-- (EXPLAIN counts the probes foreseen); without key lists none is foreseen.
CREATE TABLE pc_fact (id int, k int, v int);
INSERT INTO pc_fact SELECT i, i % 20000, i % 13 FROM generate_series(1, 200000) i;
CREATE INDEX pc_fact_k ON pc_fact (k);
ANALYZE pc_fact;
CREATE FUNCTION pc_key_probes(query text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
  RETURN (plan -> 0 ->> 'pg_fusion Key Probes')::int;
END $$;
SELECT pc_key_probes('SELECT sum(f.v) FROM pc_fact f JOIN pc_sales s ON f.k = s.id WHERE s.id < 20');
SELECT sum(f.v), count(*) FROM pc_fact f JOIN pc_sales s ON f.k = s.id WHERE s.id < 20;
SET pg_fusion.join_key_list_limit = 0;
SELECT pc_key_probes('SELECT sum(f.v) FROM pc_fact f JOIN pc_sales s ON f.k = s.id WHERE s.id < 20');
RESET pg_fusion.join_key_list_limit;
-- an outer scan's keys reach a subquery's scan, never the other way (NOT EXISTS keeps every
-- outer row); joins of other types than integers, and outer joins, foresee none
SELECT pc_key_probes('SELECT count(*) FROM pc_sales s WHERE s.id < 20 AND NOT EXISTS (SELECT 1 FROM pc_fact f WHERE f.k = s.id)');
SELECT count(*) FROM pc_sales s WHERE s.id < 20 AND NOT EXISTS (SELECT 1 FROM pc_fact f WHERE f.k = s.id);
SELECT pc_key_probes('SELECT count(*) FROM pc_fact f WHERE NOT EXISTS (SELECT 1 FROM pc_sales s WHERE s.id = f.k AND s.id < 20)');
SELECT pc_key_probes('SELECT sum(f.v) FROM pc_fact f JOIN pc_sales s ON f.k::numeric = s.amount WHERE s.id < 20');
SELECT pc_key_probes('SELECT sum(f.v) FROM pc_sales s LEFT JOIN pc_fact f ON f.k = s.id WHERE s.id < 20');
-- a function's rows are no table to probe (the estimate failed on it: "cache lookup failed"),
-- but they give keys
SELECT pc_key_probes('SELECT count(*) FROM generate_series(1, 100000) g(x) JOIN pc_sales s ON s.id = g.x WHERE s.id < 20');
SELECT pc_key_probes('SELECT count(*) FROM generate_series(1, 10) g(x) JOIN pc_fact f ON f.k = g.x');
SELECT count(*) FROM generate_series(1, 100000) g(x) JOIN pc_sales s ON s.id = g.x WHERE s.id < 20;
SELECT sum(f.v), count(*) FROM pc_sales s LEFT JOIN pc_fact f ON f.k = s.id WHERE s.id < 20;
DROP FUNCTION pc_key_probes;
DROP TABLE pc_fact;
-- what pg_fusion cannot run goes to PostgreSQL under auto, even with on_unsupported = error,
-- and EXPLAIN names the refusal
SET pg_fusion.on_unsupported = error;
SELECT choice, refusal, estimated IS NULL AS no_estimates, plan_node FROM pc_choice('SELECT id, percent_rank() OVER (ORDER BY amount) FROM pc_sales');
SELECT id, percent_rank() OVER (ORDER BY amount, id) FROM pc_sales ORDER BY 2, 1 LIMIT 3;
-- a query auto is not asked about (a catalog) prints no choice
EXPLAIN (COSTS OFF) SELECT count(*) FROM pg_class WHERE relname = 'pc_sales';
-- prepared statements choose at each planning, and give PostgreSQL's answer
PREPARE pc_by_region(int) AS SELECT count(*), sum(amount) FROM pc_sales WHERE region = $1;
EXECUTE pc_by_region(3);
SET pg_fusion.engine_startup_cost = 0;
SET pg_fusion.scan_value_cost = 0;
SET pg_fusion.engine_row_cost = 0;
EXECUTE pc_by_region(3);
EXPLAIN (COSTS OFF) EXECUTE pc_by_region(3);
DEALLOCATE pc_by_region;
-- on keeps meaning "run on the engine or refuse"; the boolean spellings still work
SET pg_fusion.enable = true;
SHOW pg_fusion.enable;
SET pg_fusion.engine_startup_cost = 1e9;
EXPLAIN (COSTS OFF) SELECT count(*) FROM pc_sales WHERE id = 42;
SET pg_fusion.enable = no;
SHOW pg_fusion.enable;
SET pg_fusion.enable = maybe;
RESET ALL;
-- A key source whose column's values are all most-common values (25 nations among 10,000
-- suppliers): the foreseen key probe of the suppliers by one nation counts its key as 400
-- suppliers, not as none (before, 2 engine rows were foreseen, and every scan such a probe
-- feeds looked empty too).
CREATE TABLE pc_nation (k int PRIMARY KEY, name text);
INSERT INTO pc_nation SELECT i, 'n' || i FROM generate_series(0, 24) i;
CREATE TABLE pc_supplier (k int PRIMARY KEY, nation int);
INSERT INTO pc_supplier SELECT i, i % 25 FROM generate_series(1, 10000) i;
CREATE INDEX pc_supplier_nation ON pc_supplier (nation);
ANALYZE pc_nation, pc_supplier;
SET pg_fusion.enable = auto;
DO $$
DECLARE
  plan json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT count(*) FROM pc_supplier s JOIN pc_nation n ON n.k = s.nation WHERE n.name = ''n7''' INTO plan;
  RAISE NOTICE 'foreseen engine rows between 300 and 1000: %', (plan -> 0 ->> 'pg_fusion Engine Rows')::float8 BETWEEN 300 AND 1000;
END $$;
RESET pg_fusion.enable;
DROP FUNCTION pc_choice;
DROP TABLE pc_sales, pc_nation, pc_supplier;
