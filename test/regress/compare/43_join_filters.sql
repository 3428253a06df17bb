-- Join filters: a small build side's keys (IN list and min/max) reach the probe side's scan,
-- whose producers drop rows before encoding them, and the engine re-applies what DuckDB took
-- out of its plan. Keys of every kind (int4, int8, numeric, date, timestamp, text, char(n)),
-- NULL keys on both sides, keys just outside the range, empty and one-row build sides.

-- @unordered
SELECT d.dim_id, d.name, count(*), sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.name IN ('dim_007', 'dim_042', 'dim_099') GROUP BY d.dim_id, d.name;

SELECT count(*), sum(f.qty), min(f.id), max(f.id) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.region = 'east';

SELECT count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.dim_id BETWEEN 40 AND 44;

-- one build row: an equality
SELECT count(*), sum(f.price) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.name = 'dim_050';

-- an empty build side
SELECT count(*) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.name = 'nobody';

-- the build side holds the keys NULL and out of range on the probe side (101..105, NULL)
SELECT count(*) FROM facts f JOIN (SELECT dim_id FROM dims WHERE dim_id > 95 UNION ALL SELECT NULL) k ON k.dim_id = f.dim_id;

-- int8 keys
SELECT count(*), sum(a.qty) FROM facts a JOIN facts b ON b.id = a.id WHERE b.id % 100000 = 7;

-- numeric keys
SELECT count(*), sum(a.qty) FROM facts a JOIN (SELECT DISTINCT price FROM facts WHERE id < 40) b ON b.price = a.price;

-- date and timestamp keys
SELECT count(*) FROM facts a JOIN (SELECT DISTINCT d FROM facts WHERE id < 30) b ON b.d = a.d;

SELECT count(*) FROM facts a JOIN (SELECT ts FROM facts WHERE id < 20) b ON b.ts = a.ts;

-- text and char(n) keys
SELECT a.cat, count(*) FROM facts a JOIN (SELECT DISTINCT cat FROM facts WHERE id < 3) b ON b.cat = a.cat GROUP BY a.cat ORDER BY a.cat;

SELECT count(*) FROM facts f JOIN dims d ON d.region = (SELECT region FROM dims WHERE dim_id = 2) AND d.dim_id = f.dim_id;

SELECT d1.region, count(*) FROM dims d1 JOIN dims d2 ON d2.region = d1.region WHERE d2.dim_id IN (1, 2) GROUP BY d1.region ORDER BY d1.region;

-- a filter DuckDB takes out of its plan and derives for the other side of the join
SELECT count(*) FROM facts a JOIN facts b ON b.id = a.id WHERE a.id > 999990;

-- @unordered
SELECT a.id, a.qty FROM facts a JOIN facts b ON b.id = a.id WHERE b.qty = 7 AND b.id < 2000;

-- Top-N over a join
SELECT f.id, f.price FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.region = 'west' ORDER BY f.price DESC NULLS LAST, f.id LIMIT 5;
