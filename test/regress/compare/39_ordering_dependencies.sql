-- A LIMIT/OFFSET without an ORDER BY of its own takes the first rows in the order of the
-- query below it: that order must survive.
DROP TABLE IF EXISTS sq_limit;
CREATE TABLE sq_limit (pk int primary key, c1 int, c2 int);
INSERT INTO sq_limit VALUES (1,1,1),(2,2,2),(3,3,3),(4,4,4),(5,1,1),(6,2,2),(7,3,3),(8,4,4);

SELECT * FROM (SELECT pk, c2 FROM sq_limit ORDER BY c1, pk) AS x LIMIT 3;

SELECT * FROM (SELECT pk, c2 FROM sq_limit ORDER BY c1 DESC, pk) AS x OFFSET 5;

SELECT * FROM (SELECT pk, c2 FROM sq_limit ORDER BY c1 DESC, pk) AS x LIMIT 2 OFFSET 3;

SELECT c2 FROM (SELECT pk, c2 FROM sq_limit ORDER BY c1, pk DESC) AS x LIMIT 4;

SELECT * FROM (SELECT pk, c1 FROM sq_limit ORDER BY c1 DESC, pk LIMIT 5) x LIMIT 2;

WITH x AS (SELECT pk, c2 FROM sq_limit ORDER BY c1, pk) SELECT * FROM x LIMIT 3;

SELECT * FROM (SELECT * FROM (SELECT pk, c2 FROM sq_limit ORDER BY c2 DESC, pk) a) b LIMIT 3;

SELECT * FROM (SELECT pk, c2 FROM sq_limit ORDER BY c1, pk) AS x ORDER BY c2 DESC, pk LIMIT 3;

-- order-sensitive aggregates and row-numbering windows read an ordered derived table in its
-- order (many rows, so the engine's threads would otherwise interleave them)
SELECT md5(string_agg(cat, ',')) FROM (SELECT cat, id FROM facts WHERE id <= 300000 ORDER BY id DESC) s;

SELECT md5(string_agg(cat, ',')) FROM (SELECT cat, id FROM facts WHERE id <= 300000 ORDER BY qty, id DESC) s WHERE cat <> 'x';

SELECT length(a::text), md5(a::text) FROM (SELECT array_agg(id) AS a FROM (SELECT id FROM facts WHERE id <= 20000 ORDER BY id DESC) s) z;

SELECT sum(rn * id), sum(CASE WHEN prev < id THEN 1 ELSE 0 END), min(f) FROM (SELECT id, row_number() OVER () AS rn, lag(id) OVER () AS prev, first_value(id) OVER () AS f FROM (SELECT id FROM facts WHERE id <= 300000 ORDER BY id DESC) a) b;

SELECT array_agg(pk) FROM (SELECT pk FROM sq_limit ORDER BY c1 DESC, pk) s;
