-- Values the final projection reads keep the type PostgreSQL gave them: scalar subqueries and
-- their casts, polymorphic window arguments; an operand that holds a subquery is evaluated once.
DROP TABLE IF EXISTS int8_tbl;
CREATE TABLE int8_tbl(q1 int8, q2 int8);
INSERT INTO int8_tbl VALUES (123,456),(123,4567890123456789),(4567890123456789,123),(4567890123456789,4567890123456789),(4567890123456789,-4567890123456789);

SELECT q1, float8(count(*)) / (SELECT count(*) FROM int8_tbl) FROM int8_tbl GROUP BY q1 ORDER BY q1;

SELECT q1, count(*) / (SELECT count(*) FROM int8_tbl WHERE q1 < 200) FROM int8_tbl GROUP BY q1 ORDER BY q1;

SELECT q1, count(*) % (SELECT count(*) FROM int8_tbl WHERE q1 < 200) FROM int8_tbl GROUP BY q1 ORDER BY q1;

SELECT q1, float8(count(*)) * (SELECT count(*) FROM int8_tbl) - (SELECT min(q2) FROM int8_tbl) FROM int8_tbl GROUP BY q1 ORDER BY q1;

SELECT q1, (SELECT max(q2) FROM int8_tbl)::text, (SELECT count(*) FROM int8_tbl) + 0.5 FROM int8_tbl GROUP BY q1 ORDER BY q1;

SELECT q1, q2 / (SELECT min(q1) FROM int8_tbl) FROM int8_tbl ORDER BY q1, q2;

SELECT q1, q2 FROM int8_tbl WHERE q2 > (SELECT sum(q2) FROM int8_tbl) / 2 ORDER BY q1, q2;

SELECT lead(q1 * 2, 1, 17) OVER (ORDER BY q1, q2), lag(q2, 2, q1) OVER (ORDER BY q1, q2) FROM int8_tbl ORDER BY q1, q2;

SELECT q1, q2, lag(q1::numeric(20,2), 1, 0.50) OVER (ORDER BY q1, q2) FROM int8_tbl ORDER BY q1, q2;

-- integer division and modulo keep NULL for a NULL dividend even when the divisor is 0
SELECT q1, CAST(NULL AS int8) / (q1 - q1), CAST(NULL AS int8) % (q1 - q1) FROM int8_tbl ORDER BY q1, q2;

-- lag/lead whose numeric default has another scale: each value keeps its own display scale
SELECT lead(q1 * 2, 1, -1.4) OVER (ORDER BY q1, q2) FROM int8_tbl;

SELECT q1, q2, lag(q2::numeric(30,3), 2, 0) OVER (PARTITION BY q1 ORDER BY q2), lead(q1, 1, q2 * 0.5) OVER (ORDER BY q1, q2) FROM int8_tbl ORDER BY q1, q2;

SELECT q1, q2, lead(q1::numeric(20,1), 1, CASE WHEN q2 > 0 THEN 7.25 END) OVER (ORDER BY q1, q2) AS l FROM int8_tbl ORDER BY l NULLS FIRST, q1, q2;

-- a select list of scalar subqueries without FROM of its own runs in the engine too
SELECT (SELECT max(q1) FROM int8_tbl), (SELECT count(*) FROM int8_tbl) + 1 AS n, 'a' AS t;

SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM int8_tbl WHERE q1 > 200);

SELECT 2 AS two WHERE (SELECT count(*) FROM int8_tbl) > 100;

SELECT q1, (SELECT q1 + 1) FROM int8_tbl WHERE q1 IN (SELECT 123) ORDER BY 1, 2;

SELECT q1 FROM int8_tbl WHERE EXISTS (SELECT WHERE q1 > 200) ORDER BY 1;
