-- abs, round, ceil, floor and || computed by the engine over several tables (in derived
-- tables, HAVING, GROUP BY), with PostgreSQL's results.

SELECT s.k, count(*) FROM (SELECT d.region || '/' || f.cat AS k FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 3000) s GROUP BY s.k ORDER BY s.k NULLS FIRST;

SELECT x.g, x.r FROM (SELECT d.dim_id AS g, round(sum(f.price) * 1.005, 2) AS r, round(avg(f.price)) AS a FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY d.dim_id) x WHERE x.r > 1000 ORDER BY x.g;

SELECT d.dim_id, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 5000 GROUP BY d.dim_id HAVING round(sum(f.price) / 1000, 1) > 2.5 AND abs(min(f.qty) - d.dim_id) < 40 ORDER BY d.dim_id;

SELECT s.a, s.c, s.f, s.r FROM (SELECT a.id, abs(a.n9_2 - b.n4_1) AS a, ceil(a.n9_2 * b.n4_1) AS c, floor(a.n9_2 - b.n9_2) AS f, round(a.n9_2 * b.n4_1, 1) AS r FROM nums a JOIN nums b ON b.id = a.id WHERE NOT a.big) s ORDER BY s.id;

SELECT s.v FROM (SELECT abs(a.i4 - b.i2) AS v, abs(a.i8 * 2) AS w FROM ints a JOIN ints b ON b.id = a.id WHERE a.i4 BETWEEN -1000000 AND 1000000) s ORDER BY 1;

-- rounding half away from zero, negative values, NULLs
SELECT s.id, s.r0, s.r1 FROM (SELECT a.id, round(a.n9_2 * b.n5_5) AS r0, round(a.n4_1 * -1.05, 1) AS r1 FROM nums a JOIN nums b ON b.id = a.id) s ORDER BY s.id;

-- GREATEST/LEAST skip NULLs; numerics of one scale, dates, text (C collation)
SELECT x.* FROM (SELECT a.id, greatest(a.i4, b.i2, NULL), least(a.i8, b.i4::int8 * 2), greatest(n.n9_2, m.n9_2 - 1), least(c.d, date '2000-01-01'), greatest(s.t, 'm') FROM ints a JOIN ints b ON b.id = a.id LEFT JOIN nums n ON n.id = a.id LEFT JOIN nums m ON m.id = b.id LEFT JOIN times c ON c.id = a.id LEFT JOIN strs s ON s.id = a.id) x ORDER BY 1;

-- text functions over several tables: characters (multibyte), negative counts, empty strings
SELECT x.* FROM (SELECT a.id, length(a.t || b.vc), char_length(a.ch), strpos(a.t || b.t, 'b'), position('c' IN a.t || b.vc), left(a.t || b.t, -2), right(a.t || b.t, 3), left(a.vc || b.t, 0), replace(a.t || b.t, 'a', 'A'), replace(a.t || b.t, '', 'z'), starts_with(a.t || b.t, 'ab'), reverse(a.t || b.t), octet_length(a.t || b.t) FROM strs a JOIN strs b ON b.id = a.id) x ORDER BY 1;

SELECT length(d.name || f.cat) AS n, count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 2000 GROUP BY length(d.name || f.cat) ORDER BY 1 NULLS FIRST;

-- concat/concat_ws skip NULLs; text || integer
SELECT x.* FROM (SELECT a.id, concat(a.t, c.vc, a.id), concat_ws('/', a.t, NULL, c.t), a.t || b.i4, b.i8 || a.vc, concat(NULL::text, NULL::text) FROM strs a JOIN ints b ON b.id = a.id JOIN strs c ON c.id = a.id) x ORDER BY 1;

-- trim family, split_part (non-empty constant delimiter), repeat, translate, md5
SELECT x.* FROM (SELECT a.id, btrim(a.t || b.vc), ltrim(a.t || b.t, 'a'), rtrim(a.vc || ' '), btrim(a.t || b.t, 'ab'), split_part(a.t || ',' || b.t, ',', 2), split_part(a.t || '/' || b.t, '/', -1), split_part(a.t || b.t, '', 1), repeat(a.t || b.t, 2), translate(a.t || b.t, 'ab', 'X'), md5(a.t || b.t) FROM strs a JOIN strs b ON b.id = a.id) x ORDER BY 1;
