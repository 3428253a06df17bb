-- sum() of a CASE/COALESCE whose numeric branches have different scales (TPC-H Q8, Q14):
-- PostgreSQL's result scale is the largest scale among the values actually added.

SELECT sum(CASE WHEN n.id % 2 = 0 THEN n.n9_2 ELSE 0 END), sum(CASE WHEN n.id > 1000 THEN n.n9_2 ELSE 0 END) FROM nums n JOIN ints b ON b.id = 4 WHERE NOT n.big;

-- per group: some groups add only the scale-0 branch
SELECT n.id % 5 AS g, sum(CASE WHEN n.id % 5 = 0 THEN 0 WHEN n.id % 5 = 1 THEN n.n4_1 ELSE n.n18_4 END) FROM nums n JOIN ints b ON b.id = 4 WHERE NOT n.big GROUP BY n.id % 5 ORDER BY g;

-- NULL branches and NULL values are not added, so they do not decide the scale
SELECT n.id % 3 AS g, sum(CASE WHEN n.id % 3 = 0 THEN NULL WHEN n.n9_2 IS NULL THEN 1 ELSE n.n9_2 END), sum(COALESCE(n.n5_5, n.n4_1, 0)) FROM nums n JOIN ints b ON b.id = 4 WHERE NOT n.big GROUP BY n.id % 3 ORDER BY g;

-- in arithmetic, with FILTER, and inside avg
SELECT 100.00 * sum(CASE WHEN n.n9_2 > 0 THEN n.n9_2 * n.n4_1 ELSE 0 END) / sum(n.n9_2 * n.n4_1), sum(CASE WHEN n.id < 50 THEN n.n18_4 ELSE 1 END) FILTER (WHERE n.id % 2 = 1), avg(CASE WHEN n.id % 4 = 0 THEN n.n9_2 ELSE 0 END) FROM nums n JOIN ints b ON b.id = 4 WHERE NOT n.big AND n.id > 100;

-- an empty input gives NULL
SELECT sum(CASE WHEN n.id > 0 THEN n.n9_2 ELSE 0 END) FROM nums n JOIN ints b ON b.id = 4 WHERE n.id < 0;

-- COALESCE/CASE of numerics with different scales in the select list: PostgreSQL picks the
-- branch, so each value keeps its own scale (0 for the groups without rows)
SELECT d.dim_id, coalesce(sum(f.price), 0) AS spent, CASE WHEN count(f.id) > 0 THEN max(f.price) ELSE 0 END FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 300 GROUP BY d.dim_id ORDER BY d.dim_id;

SELECT a.id, coalesce(a.n9_2, b.n4_1, 0) FROM nums a JOIN nums b ON b.id = a.id WHERE NOT a.big ORDER BY a.id;

-- where only the value matters (comparisons, HAVING below the top level), branches of
-- different scales are compared at one common scale
SELECT x.r FROM (SELECT d.region AS r FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY d.region HAVING sum(CASE WHEN f.flag THEN f.price ELSE 0 END) > 50000) x ORDER BY 1 NULLS FIRST;

SELECT count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 AND CASE WHEN d.dim_id > 50 THEN f.price ELSE d.dim_id END > 100;

SELECT count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 AND coalesce(f.price, d.dim_id) BETWEEN 10 AND 500;
