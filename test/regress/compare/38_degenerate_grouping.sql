-- Grouping follows the query (aggregates, GROUP BY, HAVING), not what constant folding leaves
-- of its expressions: HAVING or aggregates without GROUP BY make exactly one group, even over
-- no rows; a HAVING without aggregates or GROUP BY is computed without reading FROM at all.
DROP TABLE IF EXISTS test_having;
CREATE TABLE test_having (a int, b int, c char(8), d char);
INSERT INTO test_having VALUES (0,1,'XXXX','A'),(1,2,'AAAA','b'),(2,2,'AAAA','c'),(3,3,'BBBB','D');
DROP TABLE IF EXISTS tab0;
CREATE TABLE tab0(col0 int, col1 int, col2 int);
INSERT INTO tab0 VALUES (83,0,38),(26,0,79),(43,81,24);

SELECT 1 AS one FROM test_having HAVING 1 < 2;

SELECT 1 AS one FROM test_having HAVING 1 > 2;

-- PostgreSQL does not evaluate the WHERE (1/0) for a degenerate grouping
SELECT 1 AS one FROM test_having WHERE 1/a = 1 HAVING 1 < 2;

SELECT COUNT(*) + CAST(NULL AS INTEGER) FROM tab0;

SELECT 62, CAST(NULL AS INTEGER) * COUNT(*) FROM tab0 WHERE 62 IN (col0 + 10, col1, -41);

SELECT CAST(NULL AS INTEGER) * max(col0), 7 FROM tab0 WHERE col0 < 0;

SELECT count(*), sum(col0), max(col1) FROM tab0 WHERE col0 < 0;

SELECT count(*) FROM tab0 HAVING count(*) > 5;

SELECT max(col0) FROM tab0 HAVING min(col1) = 0;

-- @unordered
SELECT count(*) FROM tab0 GROUP BY CAST('a' AS text);

SELECT count(*) FROM tab0 WHERE col0 < 0 GROUP BY CAST('a' AS text);

-- @unordered
SELECT t.col0, s.one FROM tab0 t, (SELECT 1 AS one FROM test_having HAVING 1 < 2) s;

-- @unordered
SELECT t.col0 FROM tab0 t WHERE EXISTS (SELECT 1 FROM test_having WHERE 1/a = 1 HAVING 1 < 2);

-- @unordered
SELECT t.col0 FROM tab0 t WHERE NOT EXISTS (SELECT 1 FROM test_having HAVING 1 > 2);

SELECT t.col0, (SELECT count(*) + CAST(NULL AS int) FROM test_having h WHERE h.a > t.col1) FROM tab0 t ORDER BY 1;

SELECT t.col0, (SELECT count(*) FROM test_having h WHERE h.a > t.col1 + 100) FROM tab0 t ORDER BY 1;

-- grouping sets whose aggregates constant folding removed keep one row per set and group
SELECT CAST(NULL AS int) * count(*) FROM tab0 GROUP BY GROUPING SETS ((), ());

-- @unordered
SELECT col1, CAST(NULL AS int) * count(*) FROM tab0 GROUP BY GROUPING SETS ((col1), (), ());
