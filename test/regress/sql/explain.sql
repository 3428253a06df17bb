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
DROP TABLE ex_orders, ex_cust;
