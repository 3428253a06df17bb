-- Bind parameters in conditions pushed to a table's PostgreSQL scan: custom and generic plans
-- give PostgreSQL's answer. Parameters the engine would have to evaluate are refused.
CREATE TABLE par_t AS SELECT i AS id, (i % 5)::int AS g, (i * 1.5)::numeric(12,2) AS amount
  FROM generate_series(1, 5000) i;
CREATE TABLE par_dim AS SELECT g, 'group ' || g AS name FROM generate_series(0, 4) g;
ANALYZE par_t, par_dim;
PREPARE par_q(int, numeric) AS
  SELECT d.name, count(*), sum(t.amount) FROM par_t t JOIN par_dim d ON t.g = d.g
  WHERE t.id > $1 AND t.amount < $2 GROUP BY d.name ORDER BY d.name;
SET pg_fusion.enable = off;
EXECUTE par_q(100, 3000);
SET pg_fusion.enable = on;
EXECUTE par_q(100, 3000);
EXECUTE par_q(4000, 7000);
-- a generic plan: the parameters are values only at execution
SET plan_cache_mode = force_generic_plan;
PREPARE par_generic(int) AS SELECT count(*), sum(amount) FROM par_t WHERE id <= $1;
EXPLAIN (COSTS OFF) EXECUTE par_generic(10);
EXECUTE par_generic(10);
EXECUTE par_generic(2500);
SET pg_fusion.enable = off;
EXECUTE par_generic(2500);
SET pg_fusion.enable = on;
RESET plan_cache_mode;
-- a parameter in an expression over one table is computed by that table's scan
PREPARE par_scan_expr(int) AS SELECT id + $1 FROM par_t, par_dim WHERE par_t.g = par_dim.g ORDER BY 1 LIMIT 3;
EXECUTE par_scan_expr(1);
EXECUTE par_scan_expr(100);
-- parameters the engine evaluates (join expressions, HAVING, grouping keys): the engine SQL
-- holds $n, bound to each execution's values, in generic plans too
SET plan_cache_mode = force_generic_plan;
PREPARE par_engine(int, numeric, text) AS
  SELECT d.name || $3 AS k, count(*), sum(t.amount) FROM par_t t JOIN par_dim d ON t.g = d.g
  WHERE t.id + d.g > $1 GROUP BY d.name || $3 HAVING sum(t.amount) > $2 ORDER BY k;
EXPLAIN (VERBOSE, COSTS OFF) EXECUTE par_engine(1, 0, 'x');
SET pg_fusion.enable = off;
EXECUTE par_engine(4000, 1000000, '/a');
EXECUTE par_engine(100, 0, E'quote''s \x01 chr(1)');
EXECUTE par_engine(100, NULL, 'x');
SET pg_fusion.enable = on;
EXECUTE par_engine(4000, 1000000, '/a');
EXECUTE par_engine(100, 0, E'quote''s \x01 chr(1)');
EXECUTE par_engine(100, NULL, 'x');
-- LIMIT/OFFSET parameters: PostgreSQL's Limit above the engine, with its NULL and negative rules
PREPARE par_limit(int, int) AS
  SELECT d.name, count(*) FROM par_t t JOIN par_dim d ON t.g = d.g GROUP BY d.name ORDER BY 2 DESC, 1 LIMIT $1 OFFSET $2;
EXPLAIN (COSTS OFF) EXECUTE par_limit(2, 1);
EXECUTE par_limit(2, 1);
EXECUTE par_limit(NULL, 3);
EXECUTE par_limit(-1, 0);
RESET plan_cache_mode;
-- a numeric parameter has no scale the engine could compute with: PostgreSQL evaluates it
-- (in one table's scan, or the final select list and HAVING); inside an aggregate it is refused
PREPARE par_numeric(numeric) AS SELECT d.name, t.amount * $1 FROM par_t t JOIN par_dim d ON t.g = d.g
  WHERE t.id < 4 ORDER BY t.id;
EXECUTE par_numeric(2.5);
PREPARE par_refused(numeric) AS SELECT sum(t.amount * $1 + d.g) FROM par_t t JOIN par_dim d ON t.g = d.g;
EXECUTE par_refused(2);
RESET pg_fusion.enable;
DEALLOCATE ALL;
DROP TABLE par_t, par_dim;
