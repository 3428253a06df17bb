-- GROUPING SETS, ROLLUP and CUBE with GROUPING(): rolled-up keys are NULL (told apart from
-- NULL keys by GROUPING), duplicate sets give duplicate rows, the empty set one total row.

SELECT d.region, f.cat, count(*), sum(f.qty), GROUPING(d.region, f.cat) AS g FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY ROLLUP (d.region, f.cat) ORDER BY g, 1, 2;

SELECT d.region, f.flag, count(*), min(f.price), GROUPING(f.flag) AS gf, GROUPING(d.region) AS gr FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY CUBE (d.region, f.flag) ORDER BY gr, gf, 1, 2;

SELECT f.cat, extract(year FROM f.d) AS y, count(*), sum(f.price) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY GROUPING SETS ((f.cat), (extract(year FROM f.d)), ()) ORDER BY GROUPING(f.cat, extract(year FROM f.d)), 1, 2;

-- a plain key with a ROLLUP, and a set listed twice
SELECT d.region, f.cat, count(*), GROUPING(f.cat) AS g FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY d.region, ROLLUP (f.cat) ORDER BY 1, g, 2;

SELECT f.flag, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY GROUPING SETS ((f.flag), (f.flag), ()) ORDER BY GROUPING(f.flag), 1, 2;

-- HAVING over grouping sets, and an empty input: the empty set still gives one row
SELECT d.region, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id GROUP BY ROLLUP (d.region) HAVING count(*) > 100000 ORDER BY 1 NULLS FIRST;

SELECT a.t, count(*), sum(b.i4) FROM strs a JOIN ints b ON b.id = a.id WHERE a.id < 0 GROUP BY ROLLUP (a.t);

-- avg over grouping sets, finished by PostgreSQL
SELECT f.cat, round(avg(f.qty), 3), avg(f.price) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY ROLLUP (f.cat) ORDER BY GROUPING(f.cat), 1;
