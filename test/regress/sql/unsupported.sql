-- With pg_fusion.enable = on, what pg_fusion cannot run exactly is refused with a message
-- naming the construct; never a different answer. on_unsupported = fallback uses PostgreSQL.
CREATE EXTENSION IF NOT EXISTS pg_fusion;
CREATE TABLE u_a (id int, g int, t text, m money, j jsonb, n numeric);
CREATE TABLE u_b (id int, v int);
INSERT INTO u_a VALUES (1, 1, 'x', 1, '{}', 1.5), (2, 1, 'y', 2, '[]', 2.5);
INSERT INTO u_b VALUES (1, 10);
SET pg_fusion.enable = on;
SELECT id, percent_rank() OVER (ORDER BY id) FROM u_a;
SELECT u_a.id, x.v FROM u_a, LATERAL (SELECT v FROM u_b WHERE u_b.id = u_a.id) x;
SELECT id FROM u_a WHERE g > (SELECT sum(id / 2.0) FROM u_b);
WITH RECURSIVE w(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM w WHERE n < 3) SELECT u_a.id FROM u_a, w;
SELECT id FROM u_a UNION SELECT v::int8 FROM u_b;
SELECT m FROM u_a;
SELECT j FROM u_a ORDER BY j;
-- values carried as text are never compared by the engine
SELECT j, count(*) FROM u_a GROUP BY j;
SELECT count(DISTINCT j) FROM u_a;
SELECT j FROM u_a UNION SELECT '{}'::jsonb FROM u_b;
SELECT count(*) FROM u_a a JOIN u_a b ON a.j = b.j;
SELECT g, sum(n) FROM u_a GROUP BY g;
SELECT id FROM u_a ORDER BY g FETCH FIRST 1 ROWS WITH TIES;
-- a top-level row-locking read is PostgreSQL's own plan; so are foreign-key checks (FOR KEY SHARE)
SELECT id FROM u_a FOR UPDATE;
CREATE TABLE u_pk (id int PRIMARY KEY);
CREATE TABLE u_fk (pid int REFERENCES u_pk);
INSERT INTO u_pk VALUES (1);
INSERT INTO u_fk VALUES (1);
INSERT INTO u_fk VALUES (2);
DROP TABLE u_fk, u_pk;
-- a function without arguments in a subquery's select list (crashed the backend)
SELECT * FROM (SELECT id, now() FROM u_a) ss WHERE id = 1;
-- grouping by a subquery's value; grouping sets over two equal subquery columns
SELECT u_a.g > (SELECT min(id) FROM u_b) AS s, count(*) FROM u_a GROUP BY 1;
SELECT x, y FROM (SELECT g AS x, g AS y FROM u_a) t GROUP BY GROUPING SETS (x, y);
-- a subquery in an outer join's ON (the engine raised its own error)
SELECT * FROM u_b t1 LEFT JOIN u_b t2 ON t1.id IN (SELECT id FROM u_b t3 WHERE t2.v > 1);
SELECT g, count(*) FROM u_a GROUP BY DISTINCT ROLLUP (g), g;
SELECT g, corr(id, g) FROM u_a GROUP BY g;
SELECT mode() WITHIN GROUP (ORDER BY id) FROM u_a;
-- a function the engine lacks, over two tables, below the final select list
SELECT x, count(*) FROM (SELECT upper(t || v) AS x FROM u_a, u_b WHERE u_a.id = u_b.id) s GROUP BY x;
-- ... over two tables in a CASE branch PostgreSQL may skip
SELECT count(*) FROM u_a, u_b WHERE u_a.id = u_b.id AND CASE WHEN u_b.v > 0 THEN upper(t) = 'X' END;
SELECT random() FROM u_a;
-- a quotient compared in the engine needs more decimals than the engine's DECIMAL leaves
SELECT count(*) FROM u_a, u_b WHERE u_a.id = u_b.id AND u_a.id::numeric / (3000000000 + u_b.v) > 0;
-- at most 64 scans in one query (each has a flow-control counter in the session's slot)
SELECT 'SELECT count(*) FROM ' || string_agg('u_b t' || i, ', ') FROM generate_series(1, 65) i \gexec
-- statements pg_fusion leaves to PostgreSQL: catalogs, no tables, DML
SELECT count(*) > 0 FROM pg_class;
SELECT 1 + 1;
INSERT INTO u_b VALUES (2, 20);
-- fallback mode runs the refused query with PostgreSQL
SET pg_fusion.on_unsupported = fallback;
SELECT id, percent_rank() OVER (ORDER BY id) FROM u_a ORDER BY 1;
SELECT n FROM u_a ORDER BY n;
-- only pg_fusion's own refusals fall back: an error of a function that planning folds
-- (here with the refusals' SQLSTATE) is raised once, not swallowed and raised again
CREATE FUNCTION u_refuse(x int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RAISE NOTICE 'u_refuse(%) runs', x;
  RAISE EXCEPTION 'u_refuse says no' USING ERRCODE = 'feature_not_supported';
END $$;
SELECT id FROM u_a WHERE id > u_refuse(1);
DROP FUNCTION u_refuse(int);
RESET pg_fusion.on_unsupported;
DROP TABLE u_a, u_b;
