-- Every supported type at its edges through the engine: select it, order by it, group by it,
-- min/max it, cast it. Tables from test/regress/data/setup.sql: ints, floats, nums, strs, times.

-- integers: int2/int4/int8 minimum and maximum, 0, +-1, NULLs
SELECT * FROM ints ORDER BY id;

SELECT min(i2), max(i2), min(i4), max(i4), min(i8), max(i8), count(i2), count(i4), count(i8), count(*) FROM ints;

-- @unordered
SELECT i2, count(*) FROM ints GROUP BY i2;

-- @unordered
SELECT i8, count(*) FROM ints GROUP BY i8;

SELECT id, i8 FROM ints ORDER BY i8 NULLS FIRST, id;

SELECT id, i4 FROM ints ORDER BY i4 DESC, id;

SELECT id, i2::int4, i2::int8, i4::int8, i4::float8, i8::float8, i8::numeric(19,0), i4::numeric(12,2), i2::float4 FROM ints ORDER BY id;

-- floats: +-Infinity, NaN, -0, denormals, extremes, NULLs
SELECT * FROM floats ORDER BY id;

SELECT id, f4, f8 FROM floats ORDER BY f8 DESC NULLS LAST, id;

SELECT id, f4 FROM floats ORDER BY f4, id;

-- @unordered
SELECT f8, count(*) FROM floats GROUP BY f8;

-- @unordered
SELECT f4, count(*) FROM floats GROUP BY f4;

-- @float
SELECT max(f4), min(f4), max(f8), min(f8) FROM floats;

-- @float
SELECT min(f8), max(f8) FROM floats WHERE f8 <> 'NaN' AND id < 100;

SELECT id, f4::float8 FROM floats ORDER BY id;

-- numerics up to numeric(38,10) and numeric(38,0)
SELECT * FROM nums ORDER BY id;

SELECT min(n38_10), max(n38_10), min(n38_0), max(n38_0), min(n18_4), max(n18_4), min(n9_2), max(n9_2), min(n5_5), max(n5_5), min(n4_1), max(n4_1) FROM nums;

-- @unordered
SELECT n9_2, count(*) FROM nums GROUP BY n9_2;

-- @unordered
SELECT n38_10, n38_0, count(*) FROM nums GROUP BY n38_10, n38_0;

SELECT id, n38_10 FROM nums ORDER BY n38_10 DESC, id;

SELECT id, n38_0, n5_5 FROM nums ORDER BY n38_0, n5_5 DESC, id;

SELECT sum(n38_10), sum(n38_0), sum(n18_4), sum(n9_2), sum(n4_1), sum(n5_5) FROM nums WHERE NOT big;

SELECT id, n9_2::int4, n18_4::int8, n4_1::int4, n9_2::float8, n5_5::float8, n38_10::numeric(38,2), n4_1::numeric(3,0) FROM nums WHERE NOT big ORDER BY id;

-- text, varchar(n), char(n): empty strings, 12/13 bytes, multibyte UTF-8, trailing spaces
SELECT * FROM strs ORDER BY id;

SELECT id, t FROM strs ORDER BY t, id;

SELECT id, vc FROM strs ORDER BY vc DESC NULLS LAST, id;

-- char(n) ignores trailing spaces when comparing
SELECT id, ch FROM strs ORDER BY ch, id;

-- @unordered
SELECT ch, count(*) FROM strs GROUP BY ch;

-- @unordered
SELECT vc, count(*) FROM strs GROUP BY vc;

-- @unordered
SELECT t, count(*) FROM strs GROUP BY t;

SELECT min(t), max(t), min(vc), max(vc), min(ch::text), max(ch::text) FROM strs;

SELECT id, ch::text, vc::text, t::varchar FROM strs ORDER BY id;

-- date, timestamp, timestamptz: 0001-01-01, 9999-12-31, +-infinity, BC, around 1970 and 2000
SELECT * FROM times ORDER BY id;

SELECT id, d FROM times ORDER BY d, id;

SELECT id, ts FROM times ORDER BY ts DESC, id;

SELECT id, tstz FROM times ORDER BY tstz NULLS FIRST, id;

SELECT min(d), max(d), min(ts), max(ts), min(tstz), max(tstz) FROM times;

SELECT min(d), max(d), min(ts), max(ts), min(tstz), max(tstz) FROM times WHERE d BETWEEN '0001-01-01' AND '9999-12-31';

-- @unordered
SELECT d, count(*) FROM times GROUP BY d;

-- rows 3 and 14 hold the same instant
-- @unordered
SELECT tstz, count(*) FROM times GROUP BY tstz;

SELECT id, d, d::timestamp FROM times ORDER BY id;

-- comparisons with constants evaluated by the engine (outer level of a derived table)
SELECT id, d FROM (SELECT id, d FROM times) s WHERE d > date '1999-12-31' ORDER BY id;

SELECT id, ts FROM (SELECT id, ts FROM times) s WHERE ts <= timestamp '1970-01-01 00:00:00' ORDER BY id;

SELECT id, tstz FROM (SELECT id, tstz FROM times) s WHERE tstz = timestamptz '2000-01-01 00:00:00+00' ORDER BY id;

-- bool
SELECT id, b FROM types_t ORDER BY b NULLS FIRST, id;

-- @unordered
SELECT b, count(*) FROM types_t GROUP BY b;
