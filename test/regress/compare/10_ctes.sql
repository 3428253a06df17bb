-- WITH: a CTE read more than once is computed once (one engine CTE, one scan per table) unless
-- NOT MATERIALIZED or ordered; a CTE read once is a derived table.

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

-- read twice at different levels (a FROM item and a scalar subquery), as TPC-H Q15
WITH rev AS (SELECT dim_id, sum(qty) AS total FROM facts WHERE id <= 30000 GROUP BY dim_id)
SELECT d.dim_id, d.name, rev.total FROM dims d, rev
WHERE d.dim_id = rev.dim_id AND rev.total = (SELECT max(total) FROM rev) ORDER BY d.dim_id;

-- each reference reads other columns; one reads a CTE that reads the shared one
WITH s AS (SELECT dim_id, qty, price FROM facts WHERE id <= 2000),
     t AS (SELECT dim_id, count(*) AS n FROM s GROUP BY dim_id)
SELECT a.q, b.p, c.n FROM (SELECT sum(qty) AS q FROM s) a, (SELECT max(price) AS p FROM s) b, (SELECT sum(n) AS n FROM t) c
WHERE c.n > (SELECT count(*) FROM s WHERE qty > 10);

-- read twice with LIMIT and no ORDER BY: PostgreSQL reads one materialization, so both see the same rows
WITH l AS (SELECT id FROM facts WHERE id <= 1000 LIMIT 10)
SELECT count(*) FROM l a JOIN l b ON a.id = b.id;

-- read twice from a NOT MATERIALIZED CTE and from an ordered one
WITH n AS NOT MATERIALIZED (SELECT dim_id, qty FROM facts WHERE id <= 3000)
SELECT count(*), sum(a.qty) FROM n a JOIN n b ON a.dim_id = b.dim_id AND a.qty = b.qty;

WITH o AS (SELECT id, qty FROM facts WHERE id <= 500 ORDER BY qty, id)
SELECT count(*), sum(x.qty + y.qty) FROM o x JOIN o y ON x.id = y.id;

-- one CTE read from a UNION's two branches and an outer join
WITH u AS (SELECT dim_id, qty FROM facts WHERE id <= 1500)
SELECT dim_id, sum(qty) FROM (SELECT dim_id, qty FROM u UNION ALL SELECT dim_id + 1, qty FROM u) b GROUP BY dim_id ORDER BY dim_id NULLS FIRST;

WITH v AS (SELECT dim_id, count(*) AS n FROM facts WHERE id <= 4000 GROUP BY dim_id)
SELECT d.dim_id, v1.n, v2.n FROM dims d LEFT JOIN v v1 ON v1.dim_id = d.dim_id LEFT JOIN v v2 ON v2.dim_id = d.dim_id + 1 ORDER BY d.dim_id;


-- read from a select-list subquery and a WHERE subquery: subqueries are prepared as they are
-- rendered, so the first must already know the CTE has another reader
WITH t AS (SELECT dim_id, count(*) AS c FROM facts WHERE id <= 6000 GROUP BY dim_id)
SELECT d.dim_id, (SELECT c FROM t WHERE t.dim_id = d.dim_id) FROM dims d
WHERE d.dim_id IN (SELECT dim_id FROM t WHERE c > 1) ORDER BY d.dim_id;

-- shadowing: a subquery's own CTE of the same name
WITH t AS (SELECT dim_id FROM dims WHERE dim_id < 5)
SELECT x.dim_id, s.c FROM t x, (WITH t AS (SELECT count(*) AS c FROM facts WHERE id <= 100) SELECT c FROM t) s,
     t y WHERE x.dim_id = y.dim_id ORDER BY 1;
