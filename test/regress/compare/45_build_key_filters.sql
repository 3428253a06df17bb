-- Build-key filters: a hash join's build side above pg_fusion.join_key_list_limit sends a Bloom
-- filter of its keys to the probe scan's producers (build_key_filter.hpp). With the limit at 10
-- every build below of more than ten keys takes that path. Keys of every kind the filter takes
-- (int2, int4, int8, numeric, date, timestamp, text, char(n)), NULL keys on both sides, duplicate build keys,
-- inner, semi, EXISTS and NOT EXISTS joins, a build that is empty, and builds whose keys all
-- or none match.
SET pg_fusion.join_key_list_limit = 10;

-- @unordered
SELECT d.region, count(*), sum(f.qty) FROM facts f JOIN dims d ON d.dim_id = f.dim_id WHERE d.dim_id % 3 = 0 GROUP BY d.region;

-- NULL build keys and keys the probe side lacks (101..105 have no facts rows beyond 105)
SELECT count(*), sum(f.qty) FROM facts f JOIN (SELECT dim_id FROM dims WHERE dim_id > 50 UNION ALL SELECT NULL::int4 FROM dims WHERE dim_id < 5 UNION ALL SELECT g FROM generate_series(200, 230) g) k ON k.dim_id = f.dim_id;

-- duplicate build keys multiply the rows
SELECT count(*), sum(a.qty) FROM facts a JOIN (SELECT dim_id FROM facts WHERE id < 400) b ON b.dim_id = a.dim_id;

-- int8 keys, a build of 5,000 rows
SELECT count(*), sum(a.qty), min(a.id), max(a.id) FROM facts a JOIN facts b ON b.id = a.id WHERE b.id % 200 = 3;

-- int2 keys
SELECT count(*) FROM facts a JOIN (SELECT DISTINCT (id % 300)::int2 AS k FROM facts WHERE id < 5000 AND id % 7 = 1) b ON b.k = a.qty::int2;

-- numeric keys
SELECT count(*), sum(a.qty) FROM facts a JOIN (SELECT DISTINCT price FROM facts WHERE id < 3000) b ON b.price = a.price;

-- date and timestamp keys
SELECT count(*) FROM facts a JOIN (SELECT DISTINCT d FROM facts WHERE id < 300) b ON b.d = a.d;

SELECT count(*) FROM facts a JOIN (SELECT ts FROM facts WHERE id < 2000) b ON b.ts = a.ts;

-- text and char(n) keys (char(n) compares without its trailing blanks), NULL text keys
-- @unordered
SELECT a.cat, count(*) FROM facts a JOIN (SELECT DISTINCT 'cat_' || chr(65 + (id % 20)::int) AS cat FROM facts WHERE id < 100) b ON b.cat = a.cat GROUP BY a.cat;

SELECT count(*) FROM facts a JOIN (SELECT cat FROM facts WHERE id < 500) b ON b.cat = a.cat;

SELECT count(*) FROM dims d1 JOIN (SELECT region FROM dims UNION ALL SELECT 'north   '::char(10)) d2 ON d2.region = d1.region;

-- IN and EXISTS (semi joins), NOT EXISTS (anti join: the build rows without a match remain)
SELECT count(*), sum(qty) FROM facts WHERE id IN (SELECT id * 3 FROM facts WHERE id < 20000 AND qty = 5);

SELECT count(*) FROM dims d WHERE EXISTS (SELECT 1 FROM facts f WHERE f.dim_id = d.dim_id AND f.id % 1000 = 1);

SELECT count(*) FROM dims d WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.dim_id = d.dim_id AND f.id % 1000 = 1);

-- @unordered
SELECT f.id, f.dim_id FROM facts f WHERE f.id < 300 AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.id = f.id + 1 AND g.qty > 10);

-- two keys: the filter is on one of them
SELECT count(*), sum(a.qty) FROM facts a JOIN (SELECT DISTINCT dim_id, qty FROM facts WHERE id < 2000) b ON b.dim_id = a.dim_id AND b.qty = a.qty;

-- a build whose keys none of the probe rows have, and an empty one
SELECT count(*) FROM facts a JOIN (SELECT id + 2000000 AS k FROM facts WHERE id < 5000) b ON b.k = a.id;

SELECT count(*) FROM facts a JOIN (SELECT id FROM facts WHERE qty = -1) b ON b.id = a.id;

-- the probe below a join chain, as in TPC-H Q3
SELECT count(*), sum(a.price) FROM facts a JOIN facts b ON b.id = a.id JOIN dims d ON d.dim_id = b.dim_id WHERE d.region = 'east' AND b.id % 50 = 1;
