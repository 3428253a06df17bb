-- VALUES lists as FROM items, CTEs and IN lists, joined with tables.

SELECT v.name, count(*), sum(f.qty) FROM facts f JOIN (VALUES (1, 'one'), (2, 'two'), (3, NULL)) AS v(id, name) ON v.id = f.dim_id GROUP BY v.name ORDER BY 1 NULLS FIRST;

WITH targets(cat, weight) AS (VALUES ('cat_A', 1.5), ('cat_B', 2.0), ('cat_Z', 0.5))
SELECT t.cat, t.weight, count(f.id), sum(f.price * t.weight) FROM targets t LEFT JOIN facts f ON f.cat = t.cat AND f.id <= 10000 GROUP BY t.cat, t.weight ORDER BY t.cat;

SELECT count(*), sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.cat IN (VALUES ('cat_C'), ('cat_D')) AND f.id <= 50000;

-- dates, timestamps and NULLs in VALUES; a column nothing reads may mix scales
SELECT v.d, v.label, count(f.id) FROM (VALUES (date '2020-01-01', 'new year', 1.5), (date '2020-02-29', 'leap', 2.25), (NULL::date, 'none', 3)) AS v(d, label, w) LEFT JOIN facts f ON f.d = v.d GROUP BY v.d, v.label ORDER BY v.d NULLS FIRST;

SELECT b.id, v.x FROM ints b JOIN (VALUES (1, 10::int8), (4, 40), (4, 41)) AS v(id, x) ON v.id = b.id ORDER BY b.id, v.x;
