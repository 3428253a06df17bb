-- SELECT <columns> FROM (<query>) s [ORDER BY ...] [LIMIT ...], as BI tools wrap queries: the
-- inner select list is the final one, so outputs PostgreSQL finishes (avg, stddev, functions
-- over aggregates) work inside the wrapper too.

SELECT * FROM (SELECT d.region, avg(f.qty) AS a, stddev(f.price) AS s, count(*) AS n FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 30000 GROUP BY d.region) z ORDER BY a DESC, 1 LIMIT 3;

SELECT z.n, z.region FROM (SELECT d.region, round(avg(f.price), 2) AS a, count(*) AS n FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 30000 GROUP BY d.region) z ORDER BY z.a, z.region NULLS FIRST;

SELECT q.k, q.k, q.total FROM (SELECT upper(d.name || f.cat) AS k, sum(f.price) AS total FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 500 GROUP BY d.name, f.cat) q ORDER BY q.total DESC NULLS LAST, q.k LIMIT 5 OFFSET 2;

SELECT * FROM (SELECT * FROM (SELECT f.cat, avg(f.qty) AS a FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 9000 GROUP BY f.cat) inner_q) outer_q ORDER BY 1 NULLS FIRST;

-- the inner LIMIT stays where it is when the wrapper does not reorder
SELECT * FROM (SELECT f.id, avg(f.qty) OVER (PARTITION BY f.cat) AS a FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 100 ORDER BY f.id LIMIT 5) z;

-- a wrapper over SELECT DISTINCT showing all of its columns in order
SELECT * FROM (SELECT DISTINCT CASE WHEN f.price > 20 THEN f.price ELSE 0 END, upper(d.name || f.cat) FROM dims d RIGHT JOIN facts f ON f.dim_id = d.dim_id WHERE f.id <= 3000 AND d.name LIKE '%1%') q ORDER BY 1, 2;

SELECT b, a FROM (SELECT DISTINCT f.cat AS a, d.region AS b FROM dims d JOIN facts f ON f.dim_id = d.dim_id WHERE f.id <= 300) q ORDER BY 1, 2;

-- WITH q AS (...) SELECT ... FROM q, the CTE form of the same wrapper
WITH q AS (SELECT d.region, avg(f.qty) AS a, stddev(f.price) AS s FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 3000 GROUP BY d.region) SELECT * FROM q ORDER BY a DESC, 1 LIMIT 3;

WITH q AS MATERIALIZED (SELECT u.id, u.n FROM free_nums u JOIN dims d ON d.dim_id = u.id) SELECT n, id FROM q ORDER BY id;
