-- stddev/variance of integers and numerics: exact numeric results with PostgreSQL's scale
-- (the engine sums x and x*x; PostgreSQL's final step divides and takes the root).

SELECT d.region, stddev(f.price), variance(f.price), stddev_pop(f.qty), var_pop(f.qty), stddev_samp(f.dim_id), var_samp(f.id) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 50000 GROUP BY d.region ORDER BY d.region NULLS FIRST;

SELECT f.cat, stddev(f.price * 1000), variance(f.qty * 100000::int8), stddev(f.qty::int2) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 50000 GROUP BY f.cat ORDER BY f.cat NULLS FIRST;

-- one row (sample statistics NULL, population 0), identical values (0), no rows (NULL)
SELECT stddev(n.n9_2), stddev_pop(n.n9_2), variance(n.n9_2), var_pop(n.n9_2) FROM nums n JOIN ints b ON b.id = 4 WHERE n.id = 6;

SELECT stddev(n.n4_1), var_pop(n.n4_1) FROM nums n JOIN nums m ON m.id = n.id WHERE n.id IN (2, 2, 102) AND n.n4_1 = 1;

SELECT stddev(n.n9_2), variance(n.n18_4) FROM nums n JOIN ints b ON b.id = 4 WHERE n.id < 0;

-- tiny and large spreads, FILTER
SELECT stddev(n.n5_5), variance(n.n5_5), stddev(n.n38_10) FILTER (WHERE NOT n.big), variance(n.n18_4) FILTER (WHERE n.id > 100) FROM nums n JOIN ints b ON b.id = 4;

SELECT i.id % 3 AS g, stddev(i.i4), var_samp(i.i2) FROM ints i JOIN ints j ON j.id = i.id WHERE i.i4 BETWEEN -100000000 AND 100000000 GROUP BY i.id % 3 ORDER BY g;
