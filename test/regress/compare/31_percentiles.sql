-- percentile_cont / percentile_disc WITHIN GROUP (ORDER BY x ASC) with a constant fraction.

-- @float
SELECT f.cat, percentile_cont(0.5) WITHIN GROUP (ORDER BY f.qty), percentile_cont(0.9) WITHIN GROUP (ORDER BY f.price) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY f.cat ORDER BY f.cat NULLS FIRST;

-- discrete percentiles pick an input value: exact for numeric, dates, text (C collation)
SELECT d.region, percentile_disc(0.25) WITHIN GROUP (ORDER BY f.price), percentile_disc(0.5) WITHIN GROUP (ORDER BY f.d), percentile_disc(1.0) WITHIN GROUP (ORDER BY f.cat), percentile_disc(0) WITHIN GROUP (ORDER BY f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY d.region ORDER BY d.region NULLS FIRST;

SELECT percentile_disc(0.3) WITHIN GROUP (ORDER BY n.n9_2), percentile_disc(0.7) WITHIN GROUP (ORDER BY n.n9_2) FILTER (WHERE n.id % 2 = 0) FROM nums n JOIN ints b ON b.id = 4;

-- @float
SELECT percentile_cont(0.33) WITHIN GROUP (ORDER BY f.f8) FROM floats f JOIN ints b ON b.id = 4 WHERE f.f8 BETWEEN -1e6 AND 1e6;

-- no rows: NULL
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY f.qty), percentile_disc(0.5) WITHIN GROUP (ORDER BY f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id < 0;
