-- Inner joins (JOIN ... ON and comma joins) on every kind of key: integers of mixed widths,
-- numerics of different scales, text/varchar/char, dates, timestamptz, floats (NaN = NaN).
-- NULL keys never match; facts rows with dim_id 101..105 have no dims row.

SELECT f.id, f.dim_id, d.name, d.region FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 50 ORDER BY f.id;

SELECT f.id, d.region FROM facts f, dims d WHERE f.dim_id = d.dim_id AND f.id BETWEEN 1000 AND 1040 ORDER BY f.id;

-- @unordered
SELECT d.region, count(*), sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 100000 GROUP BY d.region;

SELECT a.id, b.id, a.i2 FROM types_t a JOIN types_t b ON a.i2 = b.i2 AND a.id < b.id ORDER BY a.id, b.id;

-- char(n): 'abc', 'abc ' and 'abc  ' are equal
SELECT a.id, b.id, a.ch FROM strs a JOIN strs b ON a.ch = b.ch WHERE a.id < b.id AND a.id < 100 ORDER BY a.id, b.id;

-- text: trailing spaces count
SELECT a.id, b.id FROM strs a JOIN strs b ON a.vc = b.t ORDER BY a.id, b.id;

-- numeric keys of different scales: 0.1 = 0.10
SELECT a.id, b.id, a.n4_1, b.n9_2 FROM nums a JOIN nums b ON a.n4_1 = b.n9_2 ORDER BY a.id, b.id;

SELECT a.id, b.id, a.n9_2 FROM nums a JOIN types_t b ON a.n9_2 = b.n9_2 ORDER BY a.id, b.id;

-- mixed integer widths
SELECT a.id, b.id, a.i2 FROM ints a JOIN types_t b ON a.i2 = b.i4 ORDER BY a.id, b.id;

SELECT a.id, b.id FROM ints a JOIN ints b ON a.i8 = b.i4 ORDER BY a.id, b.id;

-- dates including infinities and BC
SELECT a.id, b.id, a.d FROM times a JOIN times b ON a.d = b.d AND a.id < b.id ORDER BY a.id, b.id;

SELECT a.id, b.id FROM times a JOIN times b ON a.tstz = b.tstz AND a.id <> b.id ORDER BY a.id, b.id;

SELECT a.id, b.id, a.ts FROM times a JOIN times b ON a.ts = b.ts ORDER BY a.id, b.id;

-- floats: NaN joins NaN in PostgreSQL; Infinity joins Infinity
SELECT a.id, b.id, a.f8 FROM floats a JOIN floats b ON a.f8 = b.f8 AND a.id < b.id ORDER BY a.id, b.id;

SELECT a.id, b.id, a.f4 FROM floats a JOIN floats b ON a.f4 = b.f4 AND a.id < b.id AND a.id < 100 ORDER BY a.id, b.id;

-- three tables
SELECT f.id, d.name, t.t, t.n9_2 FROM facts f JOIN dims d ON d.dim_id = f.dim_id JOIN types_t t ON t.id = f.qty WHERE f.id <= 200 ORDER BY f.id;

SELECT d.dim_id, d.name, s.n, s.q FROM dims d JOIN (SELECT dim_id, count(*) AS n, sum(qty) AS q FROM facts WHERE id <= 50000 GROUP BY dim_id) s ON s.dim_id = d.dim_id ORDER BY d.dim_id;

SELECT a.dim_id, b.dim_id, a.region FROM dims a, dims b WHERE a.dim_id + 5 = b.dim_id AND a.region = b.region ORDER BY a.dim_id;

-- a join condition with an expression and a non-equality
SELECT a.id, b.id FROM ints a JOIN ints b ON a.i2::int4 + 1 = b.i2 AND a.i4 < b.i4 ORDER BY a.id, b.id;

-- a join that matches nothing, and one with an empty table
SELECT a.id FROM types_t a JOIN ints b ON a.i8 = b.i8 + 1 AND b.id < 0 ORDER BY a.id;

SELECT count(*) FROM types_t a JOIN empty_t e ON e.id = a.id;

-- @unordered
SELECT d.name, f.cat, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 3000 AND d.dim_id <= 3 GROUP BY d.name, f.cat;

-- an OR over two tables whose every arm restricts each table: the implied per-table ORs also
-- filter the scans (TPC-H Q19); NULLs and arms without a restriction keep the engine's OR exact
SELECT f.id, d.name FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE (f.qty BETWEEN 1 AND 3 AND d.region = 'north' AND f.id < 3000) OR (f.qty > 48 AND d.dim_id < 5 AND f.flag) OR (f.cat = 'cat_C' AND d.name LIKE '%7' AND f.id < 2000) ORDER BY f.id;

SELECT count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE (f.qty < 3 AND d.region = 'east') OR (d.region = 'west' AND f.id % 7 = 0) OR f.price IS NULL;
