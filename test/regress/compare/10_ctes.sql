-- WITH: each reference to a CTE reads it as a derived table of its own.

WITH big AS (SELECT dim_id, count(*) AS n FROM facts WHERE id <= 20000 GROUP BY dim_id)
SELECT d.name, big.n FROM big JOIN dims d ON d.dim_id = big.dim_id ORDER BY d.dim_id;

-- referenced twice
WITH t AS (SELECT dim_id, sum(qty) AS q FROM facts WHERE id <= 5000 GROUP BY dim_id)
SELECT a.dim_id, a.q, b.q FROM t a JOIN t b ON b.dim_id = a.dim_id + 1 ORDER BY a.dim_id;

-- a CTE reading an earlier one, and an outer join to it
WITH r AS (SELECT dim_id, region FROM dims WHERE region IS NOT NULL),
     c AS (SELECT region, count(*) AS n FROM r GROUP BY region)
SELECT d.dim_id, c.n FROM dims d LEFT JOIN r ON r.dim_id = d.dim_id LEFT JOIN c ON c.region = r.region ORDER BY d.dim_id;

-- a CTE used inside a derived table (the reference is one level down)
WITH lim AS (SELECT id, qty FROM facts WHERE id <= 300)
SELECT s.qty, count(*) FROM (SELECT lim.qty FROM lim WHERE lim.qty > 10) s GROUP BY s.qty ORDER BY s.qty;

-- MATERIALIZED / NOT MATERIALIZED give the same rows
WITH m AS MATERIALIZED (SELECT id, cat FROM facts WHERE id <= 100)
SELECT cat, count(*) FROM m GROUP BY cat ORDER BY cat NULLS FIRST;

WITH m AS NOT MATERIALIZED (SELECT id, price FROM facts WHERE id <= 100)
SELECT count(*), sum(price), min(price), max(price) FROM m;

-- empty CTE
WITH e AS (SELECT id FROM empty_t) SELECT count(*) FROM e;
