-- Shared scans: several occurrences of one table read by one PostgreSQL scan whose rows the
-- engine materializes once; each occurrence keeps its own rows (its quals as a marker column,
-- NULL marker values included) and columns. facts is large enough for sharing to pay.

-- a self-join, each side with its own filter; flag and qty hold NULLs
SELECT count(*), sum(a.qty), sum(b.qty) FROM facts a JOIN facts b ON b.id = a.id + 1 WHERE a.flag AND b.qty > 40;

-- three occurrences, one unfiltered (the shared scan has no WHERE)
SELECT count(*), min(a.id), max(c.id) FROM facts a JOIN facts b ON b.id = a.id JOIN facts c ON c.id = b.id + 2 WHERE a.qty < 5 AND c.cat = 'cat_B';

-- a conjunct both sides have, and one side's own (NULL qty included): the shared one filters the
-- scan, the other is a marker
SELECT count(*), sum(b.qty) FROM facts a JOIN facts b ON b.id = a.id + 2 WHERE a.cat = 'cat_C' AND b.cat = 'cat_C' AND b.qty < 20;

-- the same filter on both sides: no marker column
SELECT count(*) FROM facts a JOIN facts b ON b.id = a.id + 7 WHERE a.dim_id = 3 AND b.dim_id = 3;

-- correlated EXISTS and NOT EXISTS over the same table (TPC-H Q21's shape)
SELECT count(*) FROM facts a
WHERE a.qty = 7
  AND EXISTS (SELECT 1 FROM facts b WHERE b.dim_id = a.dim_id AND b.id <> a.id AND b.qty = 8)
  AND NOT EXISTS (SELECT 1 FROM facts c WHERE c.dim_id = a.dim_id AND c.id <> a.id AND c.qty = 51);

-- a scalar subquery over the table the outer query reads (TPC-H Q22's shape)
-- @unordered
SELECT a.cat, count(*), sum(a.price) FROM facts a
WHERE a.price > (SELECT avg(b.price) FROM facts b WHERE b.price > 0.00 AND b.cat IN ('cat_A', 'cat_C'))
  AND a.cat IN ('cat_A', 'cat_C', 'cat_D')
GROUP BY a.cat;

-- IN over a grouped subquery of the same table (TPC-H Q18's shape)
-- @unordered
SELECT a.dim_id, count(*) FROM facts a
WHERE a.id IN (SELECT b.id FROM facts b WHERE b.qty IS NULL)
GROUP BY a.dim_id;

-- the null-extended side of an outer join: its ON filter is its scan's quals
SELECT count(*), count(b.id), sum(b.qty) FROM facts a LEFT JOIN facts b ON b.id = a.id AND b.flag WHERE a.dim_id = 5;

-- columns PostgreSQL computes in the scan (upper) on one side only
-- @unordered
SELECT upper(a.cat), count(*) FROM facts a JOIN facts b ON b.id = a.id WHERE b.d < '2020-02-01' AND a.qty > 45 GROUP BY upper(a.cat);

-- count(*) alone from both occurrences (scans without columns deliver a constant)
SELECT (SELECT count(*) FROM facts WHERE qty = 1), (SELECT count(*) FROM facts WHERE qty = 2);

-- a set operation at the top of the engine SQL
-- @unordered
SELECT cat, count(*) FROM facts WHERE qty = 3 GROUP BY cat
UNION ALL
SELECT cat, count(*) FROM facts WHERE qty = 4 GROUP BY cat;

-- a CTE read twice next to a table read twice: both WITH lists in one
WITH small AS (SELECT dim_id, sum(qty) AS q FROM facts WHERE id < 5000 GROUP BY dim_id)
SELECT count(*), sum(s1.q), sum(s2.q) FROM small s1 JOIN small s2 ON s2.dim_id = s1.dim_id + 1
JOIN facts f ON f.dim_id = s1.dim_id JOIN facts g ON g.id = f.id + 1 WHERE f.qty = 9 AND g.qty = 10;

-- ONLY against the inherited parent: different scans, not shared
-- @unordered
SELECT p.v, count(*) FROM ONLY inh_parent p JOIN inh_parent q ON q.id = p.id GROUP BY p.v;
