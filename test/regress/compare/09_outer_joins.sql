-- Outer joins: LEFT/RIGHT/FULL with conditions in ON and WHERE on either side, so that each
-- placement rule (pushed into a scan or kept for the engine) is exercised against
-- PostgreSQL's answer. facts rows with dim_id 101..105 or NULL have no dims row; dims 13 has
-- a NULL name and every 25th dim a NULL region.

-- dims without facts in a range and facts without dims
SELECT d.dim_id, count(f.id) FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 500 GROUP BY d.dim_id ORDER BY d.dim_id;

SELECT f.id, f.dim_id, d.name FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 300 ORDER BY f.id;

-- a condition on the nullable side in ON filters that side only
SELECT f.id, d.dim_id, d.region FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id AND d.region = 'north' WHERE f.id <= 200 ORDER BY f.id;

-- the same condition in WHERE removes the null-extended rows
SELECT f.id, d.dim_id, d.region FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id WHERE d.region = 'north' AND f.id <= 2000 ORDER BY f.id;

-- IS NULL on the nullable side: the anti-join pattern
SELECT f.dim_id, count(*) FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id WHERE d.dim_id IS NULL GROUP BY f.dim_id ORDER BY f.dim_id NULLS FIRST;

-- a condition on the preserved side in ON keeps every preserved row
SELECT f.id, d.name FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id AND f.qty > 25 WHERE f.id <= 100 ORDER BY f.id;

-- a constant condition in ON
SELECT d.dim_id, f.id FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND false WHERE d.dim_id <= 5 ORDER BY d.dim_id;

-- RIGHT JOIN
SELECT d.dim_id, d.name, f.id FROM facts f RIGHT JOIN dims d ON d.dim_id = f.dim_id AND f.id <= 300 ORDER BY d.dim_id, f.id;

-- FULL JOIN: conditions in ON filter neither side
SELECT a.id, b.id FROM ints a FULL JOIN ints b ON a.i4 = b.i2 AND a.id < 5 ORDER BY a.id NULLS FIRST, b.id NULLS FIRST;

-- @unordered
SELECT d.region, f.cat, count(*) FROM dims d FULL JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 1000 WHERE f.id IS NULL OR f.id <= 1000 GROUP BY d.region, f.cat;

-- FULL JOIN ... USING merges the key
SELECT dim_id, d.name, count(f.id) FROM dims d FULL JOIN (SELECT id, dim_id FROM facts WHERE id <= 400) f USING (dim_id) GROUP BY dim_id, d.name ORDER BY dim_id NULLS FIRST;

-- a chain: the inner relation of the second LEFT JOIN is nullable twice
SELECT a.dim_id, b.dim_id, c.dim_id FROM dims a LEFT JOIN dims b ON b.dim_id = a.dim_id + 50 LEFT JOIN dims c ON c.dim_id = b.dim_id + 30 AND c.region IS NOT NULL ORDER BY a.dim_id;

-- a nested join on the nullable side: conditions inside it filter only inside it
SELECT a.dim_id, b.dim_id, c.dim_id FROM dims a LEFT JOIN (dims b JOIN dims c ON c.dim_id = b.dim_id + 1 AND c.region = 'east') ON b.dim_id = a.dim_id ORDER BY a.dim_id;

-- a condition on a relation that an inner LEFT JOIN null-extends must stay in ON
SELECT a.dim_id, b.dim_id, c.dim_id FROM dims a LEFT JOIN (dims b LEFT JOIN dims c ON c.dim_id = b.dim_id * 2) ON b.dim_id = a.dim_id AND c.region = 'south' ORDER BY a.dim_id;

-- outer join mixed with a comma join
SELECT f.id, d.name, t.i2 FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id, ints t WHERE t.id = 4 AND f.id <= 30 ORDER BY f.id;

-- aggregates over the null-extended side: count(col) skips NULLs, sum of none is NULL
SELECT d.dim_id, count(f.qty), sum(f.qty), min(f.price), max(f.cat) FROM dims d LEFT JOIN facts f ON f.dim_id = d.dim_id AND f.id <= 1000 GROUP BY d.dim_id ORDER BY d.dim_id;

-- coalesce over the nullable side
SELECT f.id, coalesce(d.name, 'none') FROM facts f LEFT JOIN dims d ON d.dim_id = f.dim_id WHERE f.id <= 120 ORDER BY f.id;

-- through a view and a derived table
SELECT v.dim_id, v.n, d.name FROM v_dim_totals v LEFT JOIN dims d ON d.dim_id = v.dim_id ORDER BY v.dim_id;

-- empty side
SELECT d.dim_id, e.id FROM dims d LEFT JOIN empty_t e ON e.id = d.dim_id WHERE d.dim_id <= 3 ORDER BY d.dim_id;
SELECT count(*), count(e.id) FROM empty_t e RIGHT JOIN dims d ON e.id = d.dim_id;
