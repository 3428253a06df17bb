-- numeric division and avg() of integers/numerics where only their value matters
-- (comparisons, HAVING, sort keys, subquery operands): the engine rounds the quotient
-- exactly as PostgreSQL's numeric_div does (TPC-H Q17, Q22).

-- a scalar subquery's avg as a comparison operand
SELECT n.id FROM nums n JOIN ints b ON b.id = 4 WHERE n.n9_2 > (SELECT avg(n9_2) FROM nums WHERE NOT big) ORDER BY n.id;

SELECT n.id FROM nums n JOIN ints b ON b.id = 4 WHERE n.n4_1 < (SELECT 0.2 * avg(m.n4_1) FROM nums m WHERE m.id % 3 = n.id % 3 AND NOT m.big) ORDER BY n.id;

-- avg of integers, IN and ANY over subquery averages
SELECT i.id FROM ints i JOIN nums n ON n.id = i.id WHERE i.i4 >= (SELECT avg(i4) FROM ints WHERE i4 BETWEEN -1000 AND 1000) ORDER BY i.id;

SELECT n.id FROM nums n JOIN ints b ON b.id = 4 WHERE n.n4_1 = ANY (SELECT avg(m.n4_1) FROM nums m WHERE NOT m.big GROUP BY m.id % 4) ORDER BY n.id;

-- HAVING and ORDER BY over avg
SELECT n.id % 7 AS g, count(*) FROM nums n JOIN ints b ON b.id = 4 WHERE NOT n.big GROUP BY n.id % 7 HAVING avg(n.n9_2) > 0 ORDER BY g;

SELECT n.id % 7 AS g FROM nums n JOIN ints b ON b.id = 4 WHERE NOT n.big GROUP BY n.id % 7 ORDER BY avg(n.n4_1) DESC, g;

-- quotients of column pairs: PostgreSQL's result scale, rounding half away from zero,
-- negative operands
SELECT a.id, b.id FROM nums a JOIN nums b ON b.n4_1 <> 0 WHERE NOT a.big AND NOT b.big AND a.id < 110 AND b.id < 110 AND a.n9_2 / b.n4_1 > 2.5 ORDER BY a.id, b.id;

SELECT a.id, b.id FROM nums a JOIN nums b ON b.n9_2 <> 0 WHERE NOT a.big AND NOT b.big AND a.id < 120 AND b.id < 120 ORDER BY a.n4_1 / b.n9_2, a.id, b.id LIMIT 60;

SELECT count(*) FROM ints a JOIN ints b ON b.i4 <> 0 WHERE a.i4 BETWEEN -1000 AND 1000 AND b.i4 BETWEEN -1000 AND 1000 AND (a.i4::numeric / b.i4 = -0.66666666666666666667 OR a.i4::numeric / b.i4 = 0.33333333333333333333 OR a.i4::numeric / b.i4 < -0.5);

SELECT count(*) FROM nums a JOIN nums b ON b.n5_5 <> 0 WHERE NOT a.big AND a.n9_2 / b.n5_5 BETWEEN -1000 AND 1000;

-- empty input: avg is NULL, the comparison unknown
SELECT n.id FROM nums n JOIN ints b ON b.id = 4 WHERE n.n9_2 > (SELECT avg(n9_2) FROM nums WHERE id < 0) OR n.id = 1 ORDER BY n.id;

-- @error
SELECT a.id FROM nums a JOIN nums b ON a.id = b.id WHERE a.n9_2 / (b.n9_2 - b.n9_2) > 1;
