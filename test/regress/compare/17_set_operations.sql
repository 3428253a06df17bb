-- UNION / INTERSECT / EXCEPT [ALL] over leaves of identical column types, with ORDER BY and
-- LIMIT on the result, nested, and as derived tables.

SELECT dim_id FROM dims WHERE region = 'north' UNION SELECT dim_id FROM facts WHERE id <= 200 ORDER BY 1;

SELECT dim_id, name FROM dims WHERE dim_id <= 5 UNION ALL SELECT dim_id, name FROM dims WHERE dim_id <= 3 ORDER BY 1, 2 NULLS FIRST;

SELECT dim_id FROM facts WHERE id <= 500 INTERSECT SELECT dim_id FROM dims WHERE region = 'east' ORDER BY 1 NULLS FIRST;

SELECT dim_id FROM facts WHERE id <= 500 EXCEPT SELECT dim_id FROM dims ORDER BY 1 NULLS FIRST;

-- ALL variants keep multiplicities
-- @unordered
SELECT qty FROM facts WHERE id <= 40 INTERSECT ALL SELECT qty FROM facts WHERE id BETWEEN 20 AND 80;

-- @unordered
SELECT cat FROM facts WHERE id <= 60 EXCEPT ALL SELECT cat FROM facts WHERE id <= 20;

-- nested, with parentheses deciding the order of operations
(SELECT dim_id FROM dims WHERE dim_id <= 10 UNION SELECT dim_id FROM dims WHERE dim_id BETWEEN 50 AND 55) EXCEPT SELECT dim_id FROM dims WHERE dim_id % 2 = 0 ORDER BY 1 LIMIT 5;

-- aggregates in the leaves, numeric of the same scale, and the result as a derived table
SELECT 'facts' AS src, count(*), sum(price) FROM facts WHERE id <= 1000 UNION ALL SELECT 'few', count(*), sum(price) FROM facts WHERE id <= 10 ORDER BY 1;

SELECT u.k, count(*) FROM (SELECT dim_id AS k FROM facts WHERE id <= 300 UNION ALL SELECT dim_id FROM dims) u GROUP BY u.k ORDER BY u.k NULLS FIRST;

-- NULLs are equal in UNION / INTERSECT / EXCEPT
SELECT region FROM dims UNION SELECT region FROM dims WHERE dim_id < 30 ORDER BY 1 NULLS FIRST;
