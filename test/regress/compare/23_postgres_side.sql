-- Functions the engine does not have run PostgreSQL-side: over one table inside that table's
-- scan, over engine results in the final select list. Never evaluated where PostgreSQL
-- would not evaluate them.

-- string functions over one table of a join, in the select list, WHERE, GROUP BY and ORDER BY
SELECT a.id, upper(a.t), lower(a.vc), length(a.t), octet_length(a.t), trim(a.vc), lpad(a.vc, 6, '*'), replace(a.t, 'b', 'B') FROM strs a JOIN ints b ON b.id = 4 ORDER BY a.id;

SELECT a.id, split_part(a.t, ' ', 1), concat(a.t, '|', a.vc), a.t || '/' || a.vc, left(a.t, 2), right(a.t, 2), starts_with(a.t, 'ab'), position('b' IN a.t) FROM strs a JOIN ints b ON b.id = 4 WHERE a.id < 30 ORDER BY a.id;

SELECT upper(f.cat) AS u, count(*), sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 20000 GROUP BY upper(f.cat) ORDER BY u NULLS FIRST;

SELECT f.id, d.name FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.cat ~ '^cat_[AB]$' AND lower(d.name) LIKE '%1%' AND f.id <= 3000 ORDER BY length(d.name) DESC, f.id LIMIT 20;

-- regular expressions, to_char and a cast through text, joined
SELECT a.id, regexp_replace(a.t, '[aeiou]', '#', 'g'), to_char(b.i4, 'FM999,999') FROM strs a JOIN ints b ON b.id = a.id ORDER BY a.id;

SELECT t.id, to_char(t.ts, 'YYYY-MM-DD HH24:MI'), t.d::text FROM times t JOIN ints b ON b.id = 4 WHERE t.id < 20 ORDER BY t.id;

-- a join condition over a function of one side
SELECT count(*) FROM strs a JOIN strs b ON upper(a.t) = b.t;

-- math functions over one table
SELECT n.id, abs(n.n9_2), round(n.n9_2, 1), trunc(n.n9_2), floor(n.n9_2), ceil(n.n9_2), sign(n.n9_2) FROM nums n JOIN ints b ON b.id = 4 ORDER BY n.id;

SELECT f.id, sqrt(abs(f.f8)), power(f.f8, 2), abs(f.f4) FROM floats f JOIN ints b ON b.id = 4 WHERE abs(f.f8) BETWEEN 1e-10 AND 1e10 OR f.f8 = 0 ORDER BY f.id;

-- a CASE over one table moves as a whole: ln only where PostgreSQL evaluates it
SELECT n.id, CASE WHEN n.n9_2 > 0 THEN ln(n.n9_2::float8) END FROM nums n JOIN ints b ON b.id = 4 ORDER BY n.id;

-- an outer table's function inside a correlated subquery
SELECT d.dim_id, (SELECT count(*) FROM facts f WHERE f.dim_id = d.dim_id AND f.cat = lower(d.region)) FROM dims d WHERE d.dim_id <= 5 ORDER BY d.dim_id;

-- the final select list: functions over aggregates and over several tables
SELECT f.cat, round(avg(f.price), 2), to_char(sum(f.qty), 'FM9999999'), upper(max(d.name)), abs(min(f.qty) - 100) FROM facts f JOIN dims d ON d.dim_id = f.dim_id GROUP BY f.cat ORDER BY f.cat NULLS FIRST;

SELECT d.name || ':' || f.cat AS k, length(d.name || f.cat), count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 500 GROUP BY d.name, f.cat ORDER BY d.name, f.cat NULLS FIRST LIMIT 30;

-- a branch PostgreSQL skips is not evaluated: the division by zero never happens
SELECT d.dim_id, CASE WHEN count(f.id) = 0 THEN 0 ELSE 100 / (count(f.id) - count(f.id)) END FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id < 0 WHERE d.dim_id < 5 GROUP BY d.dim_id ORDER BY d.dim_id;

SELECT a.id, COALESCE(a.t, repeat(b.t, -1)) FROM strs a JOIN strs b ON b.id = a.id WHERE a.id < 10 ORDER BY a.id;

-- @error
SELECT count(*) FROM strs a JOIN strs b ON a.id = b.id WHERE ln(a.id - 5) > 0;

-- on the null-extended side of an outer join, a function that is not NULL for NULL input
-- (concat) is computed after the join, as PostgreSQL does; strict ones may move into the scan
SELECT d.dim_id, concat(f.cat, '-x'), upper(f.cat), f.cat IS NULL FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id < 40 WHERE d.dim_id < 8 ORDER BY 1, 2, 3;

SELECT d.dim_id, concat(f.cat, '-x') FROM facts f RIGHT JOIN dims d ON f.dim_id = d.dim_id AND f.id < 0 WHERE d.dim_id < 4 ORDER BY 1;

SELECT d.dim_id, f.id, concat(d.name, '/', f.cat) FROM facts f FULL JOIN dims d ON f.dim_id = d.dim_id AND f.id < 20 AND d.dim_id < 5 WHERE f.id < 20 OR d.dim_id < 5 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST;

-- a grouping key built around a PostgreSQL-side function of one table, on the null-extended side
SELECT coalesce(upper(d.name), 'none') AS k, count(*) FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id AND d.dim_id < 50 WHERE f.id <= 3000 GROUP BY coalesce(upper(d.name), 'none') ORDER BY 1;

SELECT x.k, x.n FROM (SELECT coalesce(upper(d.name), 'none') AS k, count(*) AS n FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id AND d.dim_id < 50 WHERE f.id <= 3000 GROUP BY coalesce(upper(d.name), 'none') HAVING count(*) > 1) x JOIN dims e ON e.dim_id = x.n % 100 ORDER BY 1;
