-- Expressions computed by the engine (select list, outer WHERE): arithmetic on integers,
-- floats and numerics, integer / and % (truncation, negative operands, % -1 on the minimum),
-- CASE, COALESCE, IS [NOT] NULL, BETWEEN, IN/NOT IN with NULLs, LIKE with escapes,
-- AND/OR/NOT three-valued logic, comparisons, casts.

SELECT id, i4 + 1, i4 - i2, i4 * 2, i8 * 3, -i4, i4 / 7, i4 % 7, i2 / 3, i2 % 3, i8 / 1000, i8 % 1000 FROM types_t ORDER BY id;

SELECT id, i4 / i2, i4 % i2, i8 / i4, i8 % i4 FROM types_t WHERE i2 <> 0 AND i4 <> 0 ORDER BY id;

SELECT id, i2 / 2, i2 % 5, i4 / 3, i4 % 3, i8 / 7, i8 % 7, -(i2::int4), -(i4::int8), i4 % -1, i8 % -1 FROM ints ORDER BY id;

SELECT id, f8 + 1, f8 * 2, f8 - f4, f8 / 4, -f8, f4 * f4, f4 + f8, f8 / 3 FROM types_t ORDER BY id;

SELECT id, n9_2 + n18_4, n9_2 - 1, n9_2 * n18_4, n38_10 * 2, -n9_2, n38_10 + n9_2 FROM types_t ORDER BY id;

SELECT id, i4 + n9_2, i8 * n9_2, i2 - n18_4, n9_2 * 3 FROM types_t ORDER BY id;

SELECT id, n9_2 * 1.5, n18_4 + 0.00001, n38_10 - 0.5 FROM types_t ORDER BY id;

SELECT id, CASE WHEN i4 > 0 THEN 'pos' WHEN i4 < 0 THEN 'neg' WHEN i4 = 0 THEN 'zero' ELSE 'null' END FROM types_t ORDER BY id;

SELECT id, CASE i2 % 3 WHEN 0 THEN 'a' WHEN 1 THEN 'b' END, CASE WHEN b THEN i4 ELSE -i4 END FROM types_t ORDER BY id;

SELECT id, COALESCE(i4, i2, -1), COALESCE(t, vc, 'none'), COALESCE(d, date '2000-01-01'), COALESCE(i8, i4) FROM types_t ORDER BY id;

SELECT id, i4 IS NULL, t IS NOT NULL, b IS NULL, n38_10 IS NULL, tstz IS NOT NULL FROM types_t ORDER BY id;

SELECT id, i4 BETWEEN -100 AND 100, d BETWEEN date '1999-12-15' AND date '2000-01-15', t BETWEEN 't1' AND 't3' FROM types_t ORDER BY id;

-- IN / NOT IN with NULL in the list: NULL when nothing matches
SELECT id, i2, i2 IN (1, 2, NULL), i2 NOT IN (1, 2, NULL), i2 NOT IN (1, 2), t IN ('t1', 't2'), t NOT IN ('t1', NULL) FROM types_t WHERE id <= 60 ORDER BY id;

-- LIKE: % and _ wildcards, backslash escapes, multibyte characters
SELECT id, t, t LIKE 'a%', t LIKE '%\%', t LIKE 'a\_b', t LIKE 'a_b', t LIKE 'a\\b', t NOT LIKE '%b%', t LIKE '_', t LIKE '__', t LIKE '%' FROM strs ORDER BY id;

SELECT id, vc, vc LIKE '% ', vc LIKE 'v0%', vc NOT LIKE '%1%', vc LIKE '___' FROM strs ORDER BY id;

SELECT id, t FROM (SELECT id, t FROM strs) s WHERE t LIKE '%é%' OR t LIKE '日%' OR t LIKE '%\%%' ORDER BY id;

-- three-valued logic
SELECT id, b, i4, b AND i4 > 0, b OR i4 > 0, NOT b, NOT (b AND i4 > 0) FROM types_t ORDER BY id;

SELECT id, i4 < i2, i8 >= i4, f8 <> f4, n9_2 = n18_4, t > vc, d::timestamp <= ts, b = true FROM types_t ORDER BY id;

SELECT id, f8, f8 > 0, f8 = 'NaN', f8 < 'Infinity', f8 >= '-Infinity', f8 = 0 FROM floats ORDER BY id;

SELECT id, i2::int8 * 1000000, i4::float8 / 3, i4::numeric(10,2) * 1.5, i8::float8 + 0.5, n9_2::float8 * 2 FROM types_t ORDER BY id;

SELECT sum(CASE WHEN b THEN i4 ELSE 0 END), count(CASE WHEN t LIKE 't1%' THEN 1 END), sum(i4 * 2 + 1), max(i8 - i4) FROM types_t;

-- @unordered
SELECT CASE WHEN i4 < 0 THEN 'neg' ELSE 'nonneg' END AS sign, count(*), sum(i8) FROM types_t GROUP BY 1;

SELECT id, x FROM (SELECT id, i4 * 2 + i2 AS x FROM types_t) s WHERE x > 100 AND x % 2 = 0 ORDER BY id;

SELECT id, y FROM (SELECT id, n9_2 * 2 - 1 AS y FROM types_t) s WHERE y BETWEEN -3 AND 3 ORDER BY y DESC, id;
