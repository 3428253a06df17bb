-- date + integer, date - integer, date - date: infinities kept when adding days, PostgreSQL's
-- date range enforced, day counts as integer.

SELECT a.id, a.d + 1, a.d - 1, a.d + b.i2, a.d - 30 FROM times a JOIN ints b ON b.id = 4 ORDER BY a.id;

SELECT a.id, b.id, a.d - b.d FROM times a JOIN times b ON b.id IN (3, 9, 12) WHERE isfinite(a.d) ORDER BY a.id, b.id;

SELECT f.id, f.d + f.qty, f.d - f.qty, f.d - d2.d FROM facts f JOIN facts d2 ON d2.id = f.id + 1 WHERE f.id <= 100 ORDER BY f.id;

-- grouping by a date computed in the engine
SELECT f.d + 7 AS week_later, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 3000 GROUP BY f.d + 7 ORDER BY 1 NULLS FIRST LIMIT 20;

-- @error
SELECT a.d - 1000 FROM times a JOIN ints b ON b.id = 4 WHERE a.id = 8;
