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
-- the engine SQL cannot take a parameter in an expression over two tables
PREPARE par_engine(int) AS SELECT count(*) FROM par_t, par_dim WHERE par_t.g = par_dim.g AND par_t.id + par_dim.g > $1;
EXECUTE par_engine(1);
RESET pg_fusion.enable;
DEALLOCATE ALL;
DROP TABLE par_t, par_dim;
