-- ORDER BY an output PostgreSQL computes after the engine (functions over aggregates or over
-- several tables): PostgreSQL sorts the engine's rows with the query's own operators, NULLS
-- order and collation, then applies LIMIT/OFFSET.

SELECT d.region, f.cat, round(avg(f.price), 2) AS a FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 30000 GROUP BY d.region, f.cat ORDER BY a DESC, d.region, f.cat LIMIT 10;

SELECT d.region || '/' || f.cat AS k, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 30000 GROUP BY d.region, f.cat ORDER BY k NULLS FIRST, d.region, f.cat OFFSET 3 LIMIT 12;

-- a sort key that is not selected, descending with NULLS LAST
SELECT d.region, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 30000 GROUP BY d.region ORDER BY round(avg(f.qty), 1) DESC NULLS LAST, d.region;

-- ties broken by an engine column, OFFSET without LIMIT
SELECT f.cat, d.dim_id, upper(f.cat) || d.name AS u FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 200 ORDER BY upper(f.cat) || d.name, f.id OFFSET 150;

SELECT n.id % 4 AS g, sum(CASE WHEN n.id % 2 = 0 THEN n.n9_2 ELSE 0 END) AS s FROM nums n JOIN ints b ON b.id = 4 WHERE NOT n.big GROUP BY n.id % 4 ORDER BY s, g;

-- SELECT DISTINCT over outputs PostgreSQL computes: PostgreSQL sorts and removes duplicates
-- @unordered
SELECT DISTINCT upper(d.region || f.cat) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 3000;

SELECT DISTINCT round(avg(f.qty), 0) AS a, count(*) > 20 AS big FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY d.dim_id ORDER BY a DESC NULLS LAST, big LIMIT 6;

SELECT DISTINCT concat(d.region, f.flag) AS k, f.flag FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 2000 ORDER BY k, f.flag NULLS FIRST;

-- HAVING conditions PostgreSQL computes filter the engine's groups (before LIMIT)
SELECT d.region, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY d.region HAVING stddev(f.price) > 288 ORDER BY 1 NULLS FIRST;

SELECT d.name, sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY d.name HAVING concat(min(f.cat), max(f.cat)) = 'cat_Acat_M' AND sum(f.qty) > 20 ORDER BY 1 LIMIT 3 OFFSET 1;

SELECT f.cat, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 3000 GROUP BY f.cat HAVING upper(f.cat) < 'CAT_F' OR variance(f.qty) < 200 ORDER BY f.cat NULLS FIRST;
