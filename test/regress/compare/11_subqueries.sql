-- Subqueries in WHERE and the select list: EXISTS / NOT EXISTS / IN / NOT IN / ANY / ALL and
-- scalar subqueries, correlated or not, with PostgreSQL's NULL semantics.

SELECT d.dim_id, d.name FROM dims d WHERE EXISTS (SELECT 1 FROM facts f WHERE f.dim_id = d.dim_id AND f.id <= 300) ORDER BY d.dim_id;

SELECT d.dim_id FROM dims d WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.dim_id = d.dim_id AND f.id <= 300) ORDER BY d.dim_id;

SELECT f.id, f.dim_id FROM facts f WHERE f.dim_id IN (SELECT dim_id FROM dims WHERE region = 'east') AND f.id <= 400 ORDER BY f.id;

-- NOT IN over a list that contains NULL is never true
SELECT count(*) FROM dims d WHERE d.dim_id NOT IN (SELECT f.dim_id FROM facts f WHERE f.id <= 2000);

SELECT count(*) FROM dims d WHERE d.dim_id NOT IN (SELECT f.dim_id FROM facts f WHERE f.id <= 2000 AND f.dim_id IS NOT NULL);

-- NOT IN with an empty subquery is true even for NULL
SELECT count(*) FROM facts f WHERE f.dim_id NOT IN (SELECT id FROM empty_t) AND f.id <= 1000;

-- IN with NULL on the left
SELECT count(*) FROM facts f WHERE f.id <= 3000 AND (f.dim_id IN (SELECT dim_id FROM dims)) IS NULL;

-- ANY / ALL
SELECT d.dim_id FROM dims d WHERE d.dim_id > ALL (SELECT qty FROM facts WHERE id <= 100) ORDER BY d.dim_id;
SELECT d.dim_id FROM dims d WHERE d.dim_id < ANY (SELECT qty FROM facts WHERE id <= 10) ORDER BY d.dim_id;

-- scalar subqueries, uncorrelated and correlated, in WHERE and the select list
SELECT f.id, f.qty FROM facts f WHERE f.qty = (SELECT max(qty) FROM facts WHERE id <= 1000) AND f.id <= 1000 ORDER BY f.id;

SELECT d.dim_id, (SELECT count(*) FROM facts f WHERE f.dim_id = d.dim_id AND f.id <= 2000) AS n FROM dims d ORDER BY d.dim_id;

SELECT d.dim_id, (SELECT max(f.cat) FROM facts f WHERE f.dim_id = d.dim_id AND f.id <= 500) FROM dims d WHERE d.dim_id <= 20 ORDER BY d.dim_id;

-- correlated comparison with an aggregate of the inner rows
SELECT f.id, f.qty FROM facts f WHERE f.id <= 3000 AND f.qty > (SELECT max(g.qty) - 5 FROM facts g WHERE g.dim_id = f.dim_id AND g.id <= 3000) ORDER BY f.id;

-- a subquery under an outer join and in HAVING
SELECT d.region, count(*) FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 100 WHERE d.dim_id IN (SELECT dim_id FROM dims WHERE dim_id % 3 = 0) GROUP BY d.region ORDER BY d.region NULLS FIRST;

SELECT f.dim_id, count(*) FROM facts f WHERE f.id <= 5000 GROUP BY f.dim_id HAVING count(*) > (SELECT count(*) / 200 FROM facts WHERE id <= 5000) ORDER BY f.dim_id NULLS FIRST;

-- text IN subquery
SELECT count(*) FROM facts f WHERE f.cat IN (SELECT t FROM strs) AND f.id <= 1000;

-- a subquery over a CTE
WITH r AS (SELECT dim_id FROM dims WHERE region = 'west')
SELECT count(*), sum(qty) FROM facts f WHERE f.dim_id IN (SELECT dim_id FROM r) AND f.id <= 20000;

-- numeric scalar subqueries in the select list keep their aggregate's scale
SELECT d.dim_id, (SELECT max(f.price) FROM facts f WHERE f.dim_id = d.dim_id AND f.id < 5000), (SELECT sum(f.price) FROM facts f WHERE f.dim_id = d.dim_id AND f.id < 3000) + 1 FROM dims d WHERE d.dim_id <= 10 ORDER BY 1;

-- numeric comparisons with IN / ANY / ALL (subquery) across scales: never rounded (the engine
-- alone would compare 12.50 IN (SELECT 13::numeric(38,0)) as true)
SELECT count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE f.id < 5000 AND f.price IN (SELECT qty FROM facts WHERE id < 50);

SELECT count(*) FROM nums a JOIN ints b ON b.id = a.id WHERE a.n9_2 IN (SELECT n38_0 FROM nums WHERE NOT big);

SELECT count(*) FROM nums a JOIN ints b ON b.id = a.id WHERE a.n9_2 > ALL (SELECT n4_1 FROM nums WHERE n4_1 IS NOT NULL AND id < 10);

SELECT count(*) FROM nums a JOIN ints b ON b.id = a.id WHERE a.n4_1 = ANY (SELECT avg(n4_1) FROM nums GROUP BY id % 3) OR a.n9_2 NOT IN (SELECT i2 FROM ints WHERE i2 IS NOT NULL);

-- An EXISTS ignores its select list, as PostgreSQL does (simplify_EXISTS_query): SELECT * reads
-- no column for it, and a list that would fail (i4 * i4 overflows, 1 / 0) is never evaluated.
SELECT count(*) FROM ints a WHERE EXISTS (SELECT * FROM ints b WHERE b.id = a.id + 1);

SELECT count(*) FROM ints a WHERE EXISTS (SELECT b.i4 * b.i4, 1 / (b.id - b.id) FROM ints b WHERE b.id = a.id) AND NOT EXISTS (SELECT *, b.i8 * 2 FROM ints b WHERE b.id = a.id + 100);

-- With aggregates PostgreSQL keeps the select list: it is computed (and here cannot fail).
SELECT count(*) FROM ints a WHERE EXISTS (SELECT max(b.i4) FROM ints b WHERE b.id > a.id HAVING count(*) > 1);
