-- Aggregates: count(*)/count(x)/sum/avg/min/max, GROUP BY (columns and expressions), HAVING,
-- empty input, all-NULL input. avg() of integers/numerics is exact (PostgreSQL's numeric
-- division); float aggregates carry @float.

SELECT count(*), count(i4), sum(i4), sum(i2), sum(i8), min(i4), max(i4), min(i8), max(i8) FROM types_t;

SELECT avg(i4), avg(i2), avg(i8), avg(n9_2), avg(n18_4), avg(n38_10) FROM types_t;

SELECT sum(n9_2), sum(n18_4), sum(n38_10), min(n38_10), max(n38_10) FROM types_t;

-- @float
SELECT sum(f8), avg(f8), avg(f4) FROM types_t;

-- f4 holds multiples of 0.25 only: every partial sum is exact in single precision
-- @float
SELECT sum(f4), min(f4), max(f4) FROM types_t;

SELECT min(t), max(t), min(vc), max(vc), min(d), max(d), min(ts), max(ts), min(tstz), max(tstz) FROM types_t;

-- @unordered
SELECT b, count(*), count(i4), sum(i4), min(t), max(t) FROM types_t GROUP BY b;

-- @unordered
SELECT t, count(*), sum(n9_2), sum(n38_10), min(d), max(ts) FROM types_t GROUP BY t;

SELECT t, count(*) FROM types_t GROUP BY t HAVING count(*) > 6 ORDER BY t NULLS FIRST;

-- @unordered
SELECT i2 % 10 AS k, count(*), sum(i8) FROM types_t GROUP BY i2 % 10 HAVING sum(i8) IS NOT NULL;

-- @unordered
SELECT ch, avg(i4), avg(n9_2), count(*) FROM types_t GROUP BY ch;

-- @unordered
SELECT d, count(*), sum(i4), min(id), max(id) FROM types_t GROUP BY d;

-- @unordered
SELECT vc, b, count(*), sum(i2) FROM types_t GROUP BY vc, b;

-- aggregates over an empty table: count 0, everything else NULL
SELECT count(*), count(i8), sum(i8), sum(n), min(t), max(d), min(ts), max(n), avg(n), avg(i8) FROM empty_t;

-- @float
SELECT sum(f), avg(f), min(f), max(f) FROM empty_t;

-- @unordered
SELECT t, count(*), sum(i8) FROM empty_t GROUP BY t;

SELECT count(*) FROM empty_t WHERE id > 0;

-- an aggregate over rows where every value is NULL
SELECT count(*), count(i4), sum(i4), sum(n38_10), max(t), min(d), avg(i8) FROM types_t WHERE id = 1000;

-- an aggregate over a filter that matches nothing
SELECT count(*), sum(i4), max(t) FROM types_t WHERE id < 0;

-- integer edges: sum(int2/int4) is bigint, sum(int8) numeric
SELECT sum(i2), sum(i4), sum(i8), avg(i2), avg(i4), avg(i8) FROM ints;

-- @float
SELECT sum(f8), avg(f8), sum(f4), avg(f4) FROM floats WHERE id > 100;

-- NaN and opposite infinities
-- @float
SELECT sum(f8), sum(f4), avg(f8) FROM floats;

SELECT count(*), count(f4), count(f8) FROM floats;

SELECT avg(n38_10), avg(n18_4), avg(n9_2), avg(n4_1), avg(n5_5), avg(n38_0) FROM nums WHERE NOT big;

-- @unordered
SELECT n4_1, count(*), sum(n5_5), min(n38_10), max(n38_0) FROM nums GROUP BY n4_1;

-- @unordered
SELECT region, count(*), sum(dim_id), min(name), max(name) FROM dims GROUP BY region;

SELECT count(*), count(name), count(region) FROM dims;

SELECT dim_id, count(*), min(qty), max(qty) FROM facts WHERE id <= 20000 GROUP BY dim_id HAVING count(*) > 190 AND min(qty) = 1 ORDER BY dim_id;

SELECT count(*), sum(qty), sum(price) FROM facts WHERE d = date '2020-02-29';

-- @unordered
SELECT tag, count(*), count(body), count(zbody) FROM docs GROUP BY tag;

-- min/max of char(n) come back padded to n
SELECT f.cat, max(d.region), min(d.region) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 2000 GROUP BY f.cat ORDER BY f.cat NULLS FIRST;
